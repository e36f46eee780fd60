import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit

/// The SQL extractor on queries of the kinds Marketing Cloud practitioners write.
struct SQLTablesTests {
    func names(_ sql: String) -> [String] { SQLTables.references(in: sql).map(\.name) }

    @Test func fromAndJoinListsWithAliases() {
        let sql = """
        SELECT a.SubscriberKey, b.Tier
        FROM Customers a
        INNER JOIN Loyalty_Members AS b ON b.SubscriberKey = a.SubscriberKey
        LEFT OUTER JOIN [Order History] oh ON oh.Key = a.SubscriberKey
        CROSS JOIN Settings
        """
        #expect(names(sql) == ["Customers", "Loyalty_Members", "Order History", "Settings"])
        #expect(SQLTables.references(in: sql).map(\.line) == [2, 3, 4, 5])
    }

    @Test func commaSeparatedFromList() {
        #expect(names("SELECT * FROM A x, [B c] y, C WHERE x.id = y.id") == ["A", "B c", "C"])
    }

    @Test func enterpriseAndBracketedNames() {
        let refs = SQLTables.references(in: "SELECT * FROM ENT.Customer_Master c JOIN ENT.[Shared Prefs] p ON 1=1 JOIN [ent].[Other] o ON 1=1")
        #expect(refs.map(\.name) == ["Customer_Master", "Shared Prefs", "Other"])
        #expect(refs.map(\.enterprise) == [true, true, true])
        let local = SQLTables.references(in: "SELECT * FROM Local_DE")
        #expect(local.map(\.enterprise) == [false])
    }

    @Test func cteNamesAreNotTables() {
        let sql = """
        WITH recent AS (
            SELECT SubscriberKey FROM _Open WHERE EventDate > DATEADD(day, -30, GETDATE())
        ), buyers (SubscriberKey) AS (SELECT SubscriberKey FROM Orders)
        SELECT r.SubscriberKey FROM recent r JOIN buyers b ON b.SubscriberKey = r.SubscriberKey
        JOIN Recent_Extra x ON x.k = r.SubscriberKey
        """
        #expect(names(sql) == ["_Open", "Orders", "Recent_Extra"])
    }

    @Test func subqueriesAndUnion() {
        let sql = """
        SELECT k FROM (SELECT SubscriberKey AS k FROM _Sent) s
        WHERE k IN (SELECT SubscriberKey FROM Suppression)
        UNION
        SELECT SubscriberKey FROM [_Click]
        EXCEPT SELECT SubscriberKey FROM Unsubscribed
        """
        #expect(names(sql) == ["_Sent", "Suppression", "_Click", "Unsubscribed"])
        #expect(SQLTables.references(in: sql).filter(\.isDataView).map(\.name) == ["_Sent", "_Click"])
    }

    @Test func commentsAndStringLiteralsAreNotRead() {
        let sql = """
        -- FROM Commented_Line
        SELECT 'FROM Fake_Table JOIN Fake_Two' AS note, N'JOIN x' AS n
        /* LEFT JOIN Commented_Block b ON 1 = 1
           /* nested */ FROM Still_Commented */
        FROM Real_Table r
        -- LEFT JOIN Predicted_CLV_Scores clv ON clv.k = r.k
        WHERE r.Name = 'O''Brien FROM Quoted'
        """
        #expect(names(sql) == ["Real_Table"])
        #expect(SQLTables.references(in: sql).first?.line == 5)
    }

    @Test func tableHintsAndApplyAndTrim() {
        let sql = """
        SELECT TRIM(' ' FROM a.Name) FROM Accounts a WITH (NOLOCK)
        CROSS APPLY (SELECT TOP 1 * FROM Orders o WHERE o.k = a.k) last
        JOIN Extra e WITH (NOLOCK) ON e.k = a.k
        """
        #expect(names(sql) == ["Accounts", "Orders", "Extra"])
    }

    @Test func lowerCaseAndMultiline() {
        #expect(names("select x\nfrom\n  orders_2024\n    o\nleft join\n  customers c on c.id = o.cid") == ["orders_2024", "customers"])
    }
}
