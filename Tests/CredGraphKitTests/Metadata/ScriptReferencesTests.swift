import Testing
@testable import CredGraphIngest
import CredGraphKit

/// Every AMPscript and SSJS function family of metadata.md, literal and built at run time.
struct ScriptReferencesTests {
    func refs(_ code: String) -> [ScriptReference] { ScriptReferences.references(in: code) }

    @Test func lookupFamilyReadsByName() {
        let code = """
        %%[
        SET @a = Lookup("Orders", "Total", "OrderId", @id)
        SET @b = LookupRows('Order_Lines', "OrderId", @id)
        SET @c = LookupOrderedRows("Products", 5, "Name asc", "Featured", "true")
        SET @d = LookupRowsCS("CaseSensitive_DE", "Key", @k)
        SET @e = LookupOrderedRowsCS("Ordered_CS", 0, "Key", "Key", @k)
        SET @f = DataExtensionRowCount("Counted")
        ]%%
        """
        let found = refs(code)
        #expect(found.map(\.value) == ["Orders", "Order_Lines", "Products", "CaseSensitive_DE", "Ordered_CS", "Counted"])
        #expect(found.allSatisfy { $0.access == .reads && $0.target == .dataExtension && $0.identifier == .name })
        #expect(found.map(\.line) == [2, 3, 4, 5, 6, 7])
    }

    @Test func writeFamilies() {
        let code = """
        %%[ InsertDE("Log", "k", 1) UpdateDE("Prefs", 1, "k", @k, "v", 1) UpsertDE("Prefs2", 1, "k", @k, "v", 1) DeleteDE("Old", "k", @k) ]%%
        %%[ SET @r = InsertData("Log2", "k", 1) SET @r = UpdateData("P3", 1, "k", @k, "v", 1) ]%%
        %%[ SET @r = UpsertData("P4", 1, "k", @k, "v", 1) SET @r = DeleteData("Old2", "k", @k) SET @row = ClaimRow("Coupons", "IsClaimed", "k", @k) ]%%
        """
        let found = refs(code)
        #expect(found.map(\.value) == ["Log", "Prefs", "Prefs2", "Old", "Log2", "P3", "P4", "Old2", "Coupons"])
        #expect(found.allSatisfy { $0.access == .writes })
    }

    @Test func ssjsPlatformFunctionsAndDataExtensionObjects() {
        let code = """
        <script runat="server">
        Platform.Load("core", "1.1.1");
        var rows = Platform.Function.LookupRows("Stores", ["City"], [city]);
        Platform.Function.UpsertData("Visits", ["Id"], [id], ["Seen"], [1]);
        var de = DataExtension.Init("audit_log_key");
        de.Rows.Add({ Id: id });
        var found = de.Rows.Lookup(["Id"], [id]);
        DataExtension.Init("chained_key").Rows.Update({ Seen: 1 }, ["Id"], [id]);
        </script>
        """
        let found = refs(code)
        #expect(found.map { "\($0.function) \($0.access.rawValue) \($0.value ?? "-")" } == [
            "Platform.Function.LookupRows reads Stores",
            "Platform.Function.UpsertData writes Visits",
            "DataExtension.Init reads audit_log_key",
            "DataExtension.Rows.Add writes audit_log_key",
            "DataExtension.Init reads chained_key",
            "DataExtension.Rows.Update writes chained_key",
        ])
        // `de.Rows.Lookup` takes field names, not a data extension.
        #expect(!found.contains { $0.value == "Id" })
        #expect(found.first { $0.function == "DataExtension.Init" }?.identifier == .key)
    }

    @Test func contentBlockFamilies() {
        let code = #"""
        %%=ContentBlockByKey("footer_key")=%%
        %%=ContentBlockByName("Content Builder\Shared\Header")=%%
        %%=ContentBlockById(12345)=%%
        <script runat="server">Write(Platform.Function.ContentBlockByKey("ssjs_block"));</script>
        """#
        let found = refs(code)
        #expect(found.map(\.value) == ["footer_key", #"Content Builder\Shared\Header"#, "12345", "ssjs_block"])
        #expect(found.map(\.identifier) == [.key, .name, .id, .key])
        #expect(found.allSatisfy { $0.access == .includes && $0.target == .contentBlock })
    }

    @Test func runTimeArgumentsAreUnresolved() {
        let code = """
        %%[ SET @de = Concat("Orders_", @market) ]%%
        %%[ SET @rows = LookupRows(@de, "k", @k) ]%%
        %%=ContentBlockByKey(Concat("footer_", @locale))=%%
        %%[ SET @x = Lookup("Prefix_" + @env, "v", "k", 1) ]%%
        """
        let found = refs(code)
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.value == nil })
        #expect(found.map(\.expression) == ["@de", #"Concat("footer_", @locale)"#, #""Prefix_" + @env"#])
        #expect(found.map(\.line) == [2, 3, 4])
    }

    @Test func commentedOutCallsAreIgnored() {
        let code = """
        /* SET @old = Lookup("Retired_DE", "v", "k", 1) */
        <script runat="server">
        // var x = Platform.Function.Lookup("Also_Retired", "v", "k", 1);
        var url = "https://example.com/path"; var y = Platform.Function.Lookup("Live_DE", "v", "k", 1);
        </script>
        """
        #expect(refs(code).map(\.value) == ["Live_DE"])
    }
}
