SELECT s.SubscriberKey, COUNT(o.JobID) AS Opens, 0 AS Clicks
FROM _Sent s
LEFT JOIN _Open o ON o.JobID = s.JobID AND o.SubscriberKey = s.SubscriberKey
WHERE s.EventDate > DATEADD(day, -90, GETDATE())
GROUP BY s.SubscriberKey
UNION ALL
SELECT c.SubscriberKey, 0, COUNT(*) FROM _Click c
WHERE c.EventDate > DATEADD(day, -90, GETDATE())
GROUP BY c.SubscriberKey
