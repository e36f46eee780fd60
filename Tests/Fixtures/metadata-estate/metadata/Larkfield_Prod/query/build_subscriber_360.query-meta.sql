/* Rebuilds the 360 view every night from the shared master and the loyalty feed. */
SELECT c.SubscriberKey, c.Email, l.Tier, e.Score
FROM ENT.Customer_Master AS c
LEFT JOIN [Loyalty_Members] l ON l.SubscriberKey = c.SubscriberKey
INNER JOIN Subscriber_Preferences p ON p.SubscriberKey = c.SubscriberKey
LEFT JOIN Customer_Engagement_Scores e ON e.SubscriberKey = c.SubscriberKey
-- LEFT JOIN Predicted_CLV_Scores clv ON clv.SubscriberKey = c.SubscriberKey   (model retired in 2025)
WHERE p.Newsletter = 'true'
