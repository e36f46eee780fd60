SELECT CONVERT(date, m.OrderDate) AS OrderDate, COUNT(*) AS Orders, SUM(m.Total) AS Revenue
FROM Orders_QA_Mirror m
LEFT JOIN Returns_Staging r ON r.OrderId = m.OrderId
GROUP BY CONVERT(date, m.OrderDate)
