SELECT c.SubscriberKey, c.Email, l.Tier, e.Score
FROM Customer_Master c
LEFT JOIN Loyalty_Members l ON l.SubscriberKey = c.SubscriberKey
LEFT JOIN Customer_Engagement_Scores e ON e.SubscriberKey = c.SubscriberKey
