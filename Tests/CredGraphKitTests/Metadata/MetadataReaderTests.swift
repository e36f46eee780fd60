import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphGraph
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphReport

/// The reader on every mcdev type and reference field of metadata.md, and on bad files.
struct MetadataReaderTests {
    /// One business unit with an item of every type credgraph reads.
    func everyType(_ f: RetrieveFixture) throws {
        try f.write("BU/dataExtension/orders.dataExtension-meta.json", #"{ "CustomerKey": "orders", "Name": "Orders", "Fields": [] }"#)
        try f.write("BU/dataExtension/summary.dataExtension-meta.json", #"{ "CustomerKey": "summary", "Name": "Order Summary" }"#)
        try f.write("BU/dataExtension/audience.dataExtension-meta.json", #"{ "CustomerKey": "audience", "Name": "Audience" }"#)
        try f.write("BU/dataExtension/exclusion.dataExtension-meta.json", #"{ "CustomerKey": "exclusion", "Name": "Exclusion" }"#)
        try f.write("BU/query/q1.query-meta.json", """
        {
            "key": "q1",
            "name": "Summarise Orders",
            "targetKey": "summary",
            "r__folder_Path": "Query"
        }
        """)
        try f.write("BU/query/q1.query-meta.sql", "SELECT o.k\nFROM Orders o\nJOIN _Subscribers s ON s.SubscriberKey = o.k\n")
        try f.write("BU/importFile/imp.importFile-meta.json", #"{ "customerKey": "imp", "name": "Import Orders", "r__fileLocation_name": "FTP", "r__dataExtension_CustomerKey": "orders" }"#)
        try f.write("BU/filter/flt.filter-meta.json", """
        { "customerKey": "flt", "name": "Exclusion Filter", "r__dataFilter_key": "df1",
          "r__source_dataExtension_key": "audience", "r__destination_dataExtension_key": "exclusion" }
        """)
        try f.write("BU/dataFilter/df1.dataFilter-meta.json", #"{ "key": "df1", "name": "Recent buyers", "r__dataExtension_key": "orders" }"#)
        try f.write("BU/dataExtract/ext.dataExtract-meta.json", """
        { "key": "ext", "name": "Extract Summary", "r__dataExtractType_name": "Data Extension Extract",
          "dataFields": [ { "name": "DECustomerKey", "type": "string", "value": "summary" } ] }
        """)
        try f.write("BU/script/scr.script-meta.json", #"{ "key": "scr", "name": "Cleanup" }"#)
        try f.write("BU/script/scr.script-meta.ssjs", "<script runat=\"server\">\nPlatform.Function.DeleteData(\"Orders\", [\"Old\"], [1]);\n</script>\n")
        try f.write("BU/automation/auto.automation-meta.json", """
        {
            "key": "auto",
            "name": "Nightly",
            "schedule": { "icalRecur": "FREQ=DAILY;INTERVAL=1", "startDate": "2026-01-01T02:00:00", "timezoneName": "W. Europe Standard Time" },
            "steps": [
                { "activities": [ { "name": "imp", "r__key": "imp", "r__type": "importFile" } ] },
                { "activities": [ { "name": "Summarise Orders", "r__type": "query" }, { "name": "x", "r__key": "ftp1", "r__type": "fileTransfer" } ] },
                { "activities": [ { "r__key": "scr", "r__type": "script" }, { "r__key": "ext", "r__type": "dataExtract" }, { "r__key": "flt", "r__type": "filter" } ] }
            ]
        }
        """)
        try f.write("BU/event/ev.event-meta.json", #"{ "name": "Entry", "eventDefinitionKey": "ev", "r__dataExtension_key": "audience" }"#)
        try f.write("BU/journey/jny.journey-meta.json", """
        {
            "key": "jny",
            "name": "Welcome",
            "activities": [
                { "key": "EMAILV2-1", "type": "EMAILV2", "configurationArguments": { "r__triggeredSend_key": "ts1",
                  "triggeredSend": { "r__asset_key": "mail1", "r__asset_name_readOnly": "Mail One", "r__senderProfile_key": "sp" } } },
                { "key": "SMS-1", "type": "SMSSYNC", "configurationArguments": { "r__mobileMessage_key": "sms1" } },
                { "key": "UPD-1", "type": "UPDATECONTACTDATA", "arguments": { "activityData": { "updateContactFields": [ { "r__dataExtension_key": "exclusion" } ] } } }
            ],
            "triggers": [ { "key": "TRIGGER", "metaData": { "r__event_key": "ev" } } ]
        }
        """)
        try f.write("BU/triggeredSend/ts1.triggeredSend-meta.json", #"{ "CustomerKey": "ts1", "Name": "TS One", "r__asset_key": "mail1", "r__list_PathName": "All" }"#)
        try f.write("BU/emailSend/es1.emailSend-meta.json", """
        { "CustomerKey": "es1", "Name": "Newsletter Send",
          "SendDefinitionList": [ { "r__dataExtension_Key": "audience", "r__list_PathName": "x" } ],
          "r__assetMessage_Key": "mail1", "r__senderProfile_CustomerKey": "sp", "r__sendClassification_CustomerKey": "sc" }
        """)
        try f.write("BU/asset/message/mail1.asset-message-meta.json", #"{ "id": 11, "customerKey": "mail1", "name": "Mail One", "assetType": { "name": "htmlemail" } }"#)
        try f.write("BU/asset/message/mail1.asset-message-meta.html", "%%=ContentBlockByKey(\"blk1\")=%%\n%%=ContentBlockById(13)=%%\n")
        try f.write("BU/asset/block/blk1.asset-block-meta.json", """
        { "id": 12, "customerKey": "blk1", "name": "Block One", "assetType": { "name": "htmlblock" },
          "content": "%%[ SET @v = Lookup(\\"Audience\\", \\"v\\", \\"k\\", 1) ]%%" }
        """)
        try f.write("BU/asset/block/blk2/blk2.asset-block-meta.json", #"{ "id": 13, "customerKey": "blk2", "name": "Block Two", "assetType": { "name": "codesnippetblock" } }"#)
        try f.write("BU/asset/block/blk2/views.html.content.asset-block-meta.html", "\n%%[ UpsertDE(\"Order Summary\", 1, \"k\", 1) ]%%\n")
        try f.write("BU/asset/template/tpl.asset-template-meta.json", #"{ "id": 14, "customerKey": "tpl", "name": "Base Template", "assetType": { "name": "template" } }"#)
        try f.write("BU/asset/webpage/page.asset-webpage-meta.json", #"{ "id": 15, "customerKey": "page", "name": "Prefs Page", "assetType": { "name": "webpage" } }"#)
        try f.write("BU/asset/webpage/page.asset-webpage-meta.html", "<script runat=server>\nvar de = DataExtension.Init(\"orders\");\n</script>\n")
        try f.write("BU/asset/image/logo.asset-image-meta.json", #"{ "id": 16, "customerKey": "logo", "name": "Logo", "assetType": { "name": "png" } }"#)
        try f.write("BU/mobileMessage/sms1.mobileMessage-meta.json", #"{ "id": "sms1", "name": "Shipped SMS", "r__mobileCode_key": "12345" }"#)
        try f.write("BU/mobileMessage/sms1.mobileMessage-meta.amp", "%%[ SET @s = Lookup(\"Orders\", \"Status\", \"k\", [k]) ]%%\n")
        try f.write("BU/mobilePush/push1.mobilePush-meta.json", #"{ "id": "push1", "name": "Deals Push" }"#)
        try f.write("BU/senderProfile/sp.senderProfile-meta.json", #"{ "CustomerKey": "sp", "Name": "Default" }"#)
        try f.write("BU/fileTransfer/ftp1.fileTransfer-meta.json", #"{ "customerKey": "ftp1", "name": "Move" }"#)
    }

    @Test func everyTypeBecomesAnItemOfItsKind() throws {
        let f = try RetrieveFixture()
        defer { f.remove() }
        try everyType(f)
        let scan = f.scan([f.source("BU")])
        #expect(scan.diagnostics.items.isEmpty, "\(scan.diagnostics.items.map(\.formatted))")
        let kinds = Dictionary(scan.items.map { ($0.key, $0.kind) }, uniquingKeysWith: { a, _ in a })
        #expect(kinds["orders"] == .dataExtension)
        #expect(kinds["q1"] == .query)
        #expect(kinds["imp"] == .importFile)
        #expect(kinds["flt"] == .filter)
        #expect(kinds["df1"] == .filter)
        #expect(kinds["ext"] == .dataExtract)
        #expect(kinds["scr"] == .ssjs)
        #expect(kinds["auto"] == .automation)
        #expect(kinds["ev"] == .event)
        #expect(kinds["jny"] == .journey)
        #expect(kinds["ts1"] == .triggeredSend)
        #expect(kinds["es1"] == .emailSend)
        #expect(kinds["mail1"] == .email)
        #expect(kinds["blk1"] == .contentBlock)
        #expect(kinds["blk2"] == .contentBlock)
        #expect(kinds["tpl"] == .template)
        #expect(kinds["page"] == .cloudpage)
        #expect(kinds["sms1"] == .sms)
        #expect(kinds["push1"] == .push)
        #expect(kinds["logo"] == nil)
        #expect(scan.items.first { $0.key == "q1" }?.name == "Summarise Orders")
        #expect(scan.items.allSatisfy { $0.environment == "prod" })
        // Settings and types credgraph does not read are counted, not items.
        #expect(scan.unknownTypes == ["senderProfile": 1, "fileTransfer": 1, "asset-image": 1])
        #expect(scan.countsByType["asset"] == 5)
    }

    @Test func everyReferenceFieldMakesItsEdgeInTheRightDirection() throws {
        let f = try RetrieveFixture()
        defer { f.remove() }
        try everyType(f)
        let scan = f.scan([f.source("BU")])
        let lines = Set(scan.edgeLines)
        let expected: [String] = [
            // query: tables → query → target
            "data-extension:orders@prod -> query:q1@prod reads",
            "data-view:_Subscribers@prod -> query:q1@prod reads",
            "query:q1@prod -> data-extension:summary@prod writes",
            // import → its data extension; filter: source → filter → destination; extract reads
            "import:imp@prod -> data-extension:orders@prod writes",
            "data-extension:audience@prod -> filter:flt@prod reads",
            "filter:df1@prod -> filter:flt@prod reads",
            "filter:flt@prod -> data-extension:exclusion@prod writes",
            "data-extension:orders@prod -> filter:df1@prod reads",
            "data-extension:summary@prod -> data-extract:ext@prod reads",
            // sends: sendable data extension and email → send
            "data-extension:audience@prod -> email-send:es1@prod reads",
            "email:mail1@prod -> email-send:es1@prod reads",
            "email:mail1@prod -> triggered-send:ts1@prod reads",
            // journey: event and its data extension → journey → sends; update contact → data extension
            "data-extension:audience@prod -> event:ev@prod reads",
            "event:ev@prod -> journey:jny@prod reads",
            "journey:jny@prod -> triggered-send:ts1@prod triggers",
            "journey:jny@prod -> email:mail1@prod triggers",
            "journey:jny@prod -> sms:sms1@prod triggers",
            "journey:jny@prod -> data-extension:exclusion@prod writes",
            // automation: activities → automation, step N → step N+1 (unknown activity types skipped)
            "import:imp@prod -> automation:auto@prod feeds",
            "query:q1@prod -> automation:auto@prod feeds",
            "ssjs:scr@prod -> automation:auto@prod feeds",
            "data-extract:ext@prod -> automation:auto@prod feeds",
            "filter:flt@prod -> automation:auto@prod feeds",
            "import:imp@prod -> query:q1@prod triggers",
            "query:q1@prod -> ssjs:scr@prod triggers",
            "query:q1@prod -> filter:flt@prod triggers",
            // code: reads, writes, included blocks (by key, by id, inline JSON content, folder views)
            "ssjs:scr@prod -> data-extension:orders@prod writes",
            "content-block:blk1@prod -> email:mail1@prod feeds",
            "content-block:blk2@prod -> email:mail1@prod feeds",
            "data-extension:audience@prod -> content-block:blk1@prod reads",
            "content-block:blk2@prod -> data-extension:summary@prod writes",
            "data-extension:orders@prod -> cloudpage:page@prod reads",
            "data-extension:orders@prod -> sms:sms1@prod reads",
        ]
        for line in expected { #expect(lines.contains(line), "missing \(line)") }
        #expect(!lines.contains { $0.contains("senderProfile") || $0.contains(":sp@") || $0.contains("ftp1") })
        #expect(scan.missing.isEmpty, "\(scan.missing.map(\.node.id))")
        // Every edge names its file and line.
        let sqlEdge = try #require(scan.edge("data-view:_Subscribers@prod", "query:q1@prod"))
        #expect(sqlEdge.source.file.hasSuffix("BU/query/q1.query-meta.sql") && sqlEdge.source.line == 3)
        let targetEdge = try #require(scan.edge("query:q1@prod", "data-extension:summary@prod"))
        #expect(targetEdge.source.file.hasSuffix("q1.query-meta.json") && targetEdge.source.line == 4)
        let viewEdge = try #require(scan.edge("content-block:blk2@prod", "data-extension:summary@prod"))
        #expect(viewEdge.source.file.hasSuffix("blk2/views.html.content.asset-block-meta.html") && viewEdge.source.line == 2)
        #expect(scan.schedules.map(\.automation.key) == ["auto"])
    }

    @Test func sharedParentBUAndNotRetrievedTargets() throws {
        let f = try RetrieveFixture()
        defer { f.remove() }
        try f.write("_ParentBU_/dataExtension/master.dataExtension-meta.json", #"{ "CustomerKey": "master", "Name": "Customer_Master" }"#)
        for (bu, env) in [("Prod", "prod"), ("QA", "qa")] {
            try f.write("\(bu)/query/q.query-meta.json", #"{ "key": "q", "name": "Build", "r__dataExtension_key": "built" }"#)
            try f.write("\(bu)/query/q.query-meta.sql", "SELECT * FROM ENT.Customer_Master m JOIN Staging_\(env) s ON s.k = m.k JOIN Declared_Elsewhere d ON 1=1")
        }
        let scan = f.scan([f.source("_ParentBU_", shared: true), f.source("Prod"), f.source("QA", "qa")],
                          declared: [NodeKey(kind: .dataExtension, name: "declared_elsewhere")])
        #expect(scan.edge("data-extension:master", "query:q@prod") != nil)
        #expect(scan.edge("data-extension:master", "query:q@qa") != nil)
        #expect(scan.missing.map(\.node.id) == ["data-extension:Staging_prod@prod", "data-extension:Staging_qa@qa",
                                                "data-extension:built@prod", "data-extension:built@qa"])
        #expect(scan.missing.allSatisfy { !$0.node.retrieved && $0.referencedFrom.count == 1 })
        // Named in dependencies.csv: an edge, but not missing.
        #expect(scan.edge("data-extension:Declared_Elsewhere@prod", "query:q@prod") != nil)
    }

    @Test func unresolvedReferencesAreListedWithFileAndLine() throws {
        let f = try RetrieveFixture()
        defer { f.remove() }
        try f.write("BU/asset/message/m.asset-message-meta.json", #"{ "customerKey": "m", "name": "Mail", "assetType": { "name": "htmlemail" } }"#)
        try f.write("BU/asset/message/m.asset-message-meta.html", "<p>hi</p>\n%%[ SET @r = LookupRows(@deName, \"k\", 1) ]%%\n%%=ContentBlockByKey(Concat(\"f_\", @l))=%%\n")
        let scan = f.scan([f.source("BU")])
        #expect(scan.unresolved.map(\.reference) == ["LookupRows(@deName)", #"ContentBlockByKey(Concat("f_", @l))"#])
        #expect(scan.unresolved.map(\.source.line) == [2, 3])
        #expect(scan.unresolved.allSatisfy { $0.from.id == "email:m@prod" && $0.source.file.hasSuffix("m.asset-message-meta.html") })
        #expect(scan.edges.isEmpty)
    }

    @Test func badFilesAreOneWarningEachAndTheScanGoesOn() throws {
        let f = try RetrieveFixture()
        defer { f.remove() }
        try f.write("BU/dataExtension/good.dataExtension-meta.json", #"{ "CustomerKey": "good", "Name": "Good" }"#)
        let malformed = try f.write("BU/dataExtension/bad.dataExtension-meta.json", "{\n  \"CustomerKey\": \"bad\",\n  \"Name\": \n}\n")
        let noSQL = try f.write("BU/query/nosql.query-meta.json", #"{ "key": "nosql", "name": "No SQL" }"#)
        let binary = try f.write("BU/asset/block/bin.asset-block-meta.json", #"{ "customerKey": "bin", "name": "Bin", "assetType": { "name": "htmlblock" } }"#)
        let binaryCode = f.path("BU/asset/block/bin.asset-block-meta.html")
        try Data([0x3C, 0x70, 0x00, 0xFF, 0x00]).write(to: URL(fileURLWithPath: binaryCode))
        _ = binary
        // A 50 MB asset: sparse, so the test stays fast; the size alone rejects it.
        try f.write("BU/asset/block/huge.asset-block-meta.json", #"{ "customerKey": "huge", "name": "Huge", "assetType": { "name": "htmlblock" } }"#)
        let huge = f.path("BU/asset/block/huge.asset-block-meta.html")
        _ = FileManager.default.createFile(atPath: huge, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: 50 << 20)
        try handle.close()
        // A symlink loop and a dangling link (unreadable).
        try FileManager.default.createSymbolicLink(atPath: f.path("BU/dataExtension/loop"), withDestinationPath: f.path("BU"))
        try FileManager.default.createSymbolicLink(atPath: f.path("BU/dataExtension/gone.dataExtension-meta.json"), withDestinationPath: f.path("nowhere"))

        let scan = f.scan([f.source("BU")])
        let messages = scan.diagnostics.items
        #expect(messages.allSatisfy { $0.severity == .warning })
        func one(_ file: String, _ fragment: String) {
            let hits = messages.filter { $0.file == file && $0.message.contains(fragment) }
            #expect(hits.count == 1, "\(file): \(fragment) in \(messages.map(\.formatted))")
        }
        one(malformed, "malformed JSON")
        #expect(messages.first { $0.file == malformed }?.line == 4)
        one(noSQL, "nosql.query-meta.sql is missing")
        one(binaryCode, "binary file")
        one(huge, "larger than")
        one(f.path("BU/dataExtension/loop"), "symlink loop")
        one(f.path("BU/dataExtension/gone.dataExtension-meta.json"), "cannot read")
        #expect(messages.count == 6)
        #expect(scan.skippedFiles == 6)
        // Everything else was still read.
        #expect(Set(scan.items.map(\.key)) == ["good", "nosql", "bin", "huge"])
    }

    @Test func jsonParserKeepsLinesAndRefusesDeepNesting() throws {
        let node = try JSONLineParser.parse(Array("{\n \"a\": [1,\n  {\"b\": \"x\\u00e9\\n\"}],\n \"c\": true }".utf8))
        #expect(node["a"]?.line == 2)
        #expect(node["a"]?.elements[1]["b"]?.text == "xé\n")
        #expect(node["a"]?.elements[1]["b"]?.line == 3)
        #expect(node["c"]?.line == 4)
        let deep = String(repeating: "[", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONLineParser.parse(Array(deep.utf8)) }
    }

    @Test func templateReferenceAndOneEdgePerTargetOfASend() throws {
        let f = try RetrieveFixture()
        defer { f.remove() }
        try f.write("BU/asset/email/tbe/tbe.asset-email-meta.json", """
        { "customerKey": "tbe", "name": "Template Email", "assetType": { "name": "templatebasedemail" },
          "views": { "subjectline": { "content": "Hello" }, "html": { "template": { "content": "", "r__asset_key": "base_tpl" } } } }
        """)
        try f.write("BU/asset/template/base_tpl.asset-template-meta.json", #"{ "customerKey": "base_tpl", "name": "Base", "assetType": { "name": "template" } }"#)
        try f.write("BU/emailSend/s.emailSend-meta.json", """
        { "CustomerKey": "s", "Name": "S",
          "r__assetMessage_Key": "tbe",
          "r__assetMessage_Name": "Template Email" }
        """)
        let scan = f.scan([f.source("BU")])
        #expect(scan.edgeLines == ["email:tbe@prod -> email-send:s@prod reads", "template:base_tpl@prod -> email:tbe@prod reads"])
        #expect(scan.edges.first?.source.line == 2)
        #expect(scan.missing.isEmpty)
    }
}
