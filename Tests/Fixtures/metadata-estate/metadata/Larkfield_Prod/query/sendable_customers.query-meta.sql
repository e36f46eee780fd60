WITH suppressed AS (
    SELECT SubscriberKey FROM ENT.Suppression_Master
)
SELECT m.SubscriberKey, m.Email
FROM Master_Subscriber_360 m
WHERE NOT EXISTS (SELECT 1 FROM suppressed s WHERE s.SubscriberKey = m.SubscriberKey)
