SELECT CONVERT(date, o.OrderDate) AS OrderDate, COUNT(DISTINCT o.OrderId) AS Orders, SUM(o.Total) AS Revenue,
       'copied FROM Legacy_Orders in 2024' AS Note
FROM Orders_Transactional o
INNER JOIN Order_Line_Items li ON li.OrderId = o.OrderId
WHERE o.OrderDate >= DATEADD(day, -1, CONVERT(date, GETDATE()))
GROUP BY CONVERT(date, o.OrderDate)
