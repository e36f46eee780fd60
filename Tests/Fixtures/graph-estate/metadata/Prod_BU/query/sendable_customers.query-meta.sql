SELECT m.SubscriberKey, m.Email
FROM Master_Subscriber_360 m
