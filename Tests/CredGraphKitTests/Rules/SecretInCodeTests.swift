import Foundation
import Testing
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphReport
@testable import CredGraphRisk

/// `secret-in-code`: client ids, token calls and secret material in Marketing Cloud code, never leaked.
struct SecretInCodeTests {
    typealias F = RiskFixture

    @Test func findsEachKindWithFileAndLineAndNeverTheValue() throws {
        let f = try RetrieveFixture()
        defer { f.remove() }
        let pasted = "Qz7vK2mX9pL4wR8tN3bY6cJ1"
        try f.write("QA/script/smoke.script-meta.json", #"{ "key": "smoke", "name": "Token Smoke Test" }"#)
        try f.write("QA/script/smoke.script-meta.ssjs", """
        <script runat="server">
        var body = '{"client_id":"clientqa000000000000000a","client_secret":"\(pasted)"}';
        var r = HTTP.Post("https://x.auth.marketingcloudapis.com/v2/token", "application/json", body);
        var fromDE = { client_secret: Platform.Function.Lookup("Settings", "Value", "Name", "secret") };
        </script>
        """)
        let inventory = F.inventory([F.consumer("Smoke", env: "qa", client: "clientqa000000000000000a", package: "QA Toolkit")])
        let scan = f.scan([f.source("QA", "qa")], clientIDs: ["clientqa000000000000000a"])
        #expect(scan.credentialsInCode.map { "\($0.what.rawValue):\($0.source.line ?? 0)" } == ["client id:2", "secret material:2", "token call:3"])
        // `client_secret: Lookup(…)` reads the secret at run time: not secret material.
        #expect(!scan.credentialsInCode.contains { $0.source.line == 4 })

        var context = F.context(inventory)
        context.metadata = scan
        let findings = SecretInCode().evaluate(context)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.rule == SecretInCode.id && finding.severity == .high)
        #expect(finding.clientID == "clientqa000000000000000a")
        #expect(finding.message.contains("ssjs 'Token Smoke Test' in qa"))
        #expect(finding.message.contains("smoke.script-meta.ssjs:2 (secret material: client_secret assignment)"))
        #expect(finding.message.contains("smoke.script-meta.ssjs:3 (call to /v2/token)"))
        #expect(finding.remediation.contains("Staged Secret"))
        for text in [finding.message, finding.remediation] { #expect(!text.contains(pasted)) }
        // The redactor now knows the value: nothing that leaves the process can carry it.
        #expect(Redactor.shared.redact("leak: \(pasted)") == "leak: \(Redactor.marker)")
        // And only the value: the code around it is not cut out of outputs.
        #expect(Redactor.shared.redact("Platform.Function.Lookup(\"Settings\")") == "Platform.Function.Lookup(\"Settings\")")
    }

    @Test func tokenCallWithoutAnInventoriedClientIsAnEstateFinding() throws {
        let f = try RetrieveFixture()
        defer { f.remove() }
        try f.write("P/asset/block/b.asset-block-meta.json", #"{ "customerKey": "b", "name": "Token Block", "assetType": { "name": "htmlblock" } }"#)
        try f.write("P/asset/block/b.asset-block-meta.html", "<script runat=server>\nHTTP.Post(\"https://y.auth.marketingcloudapis.com/v2/token\", ct, body);\n</script>\n")
        var context = F.context(F.inventory([F.consumer("Other")]))
        context.metadata = f.scan([f.source("P")])
        let findings = SecretInCode().evaluate(context)
        #expect(findings.count == 1)
        #expect(findings.first?.clientID == nil)
        #expect(findings.first?.message.contains("content-block 'Token Block' in prod") == true)
        // No metadata, no finding.
        #expect(SecretInCode().evaluate(F.context(F.inventory([F.consumer("Other")]))).isEmpty)
    }

    @Test func markupIsNotSecretMaterialButRealTokensAre() {
        let quiet = [
            #"<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">"#,
            #"<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==" />"#,
            #"<a href="https://view.example.com/?qs=3f9aKd72LmQx81ZrTq0WbYcN4pVe6sHu">View online</a>"#,
            #"var secret = Platform.Function.Lookup("Settings", "Value", "Name", "api");"#,
        ]
        for line in quiet { #expect(CodeSecrets.secretReason(line) == nil, "\(line)") }
        #expect(CodeSecrets.secretReason(#"var token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk";"#) == "JSON Web Token")
        #expect(CodeSecrets.secretReason(#"HTTP.Get("https://svc:Zx9pQ2mW7rT4@api.example.com/feed");"#) == "credentials in a URL")
        #expect(CodeSecrets.secretReason(#"var key = "Rk8pW2zQ9mX4tL7vB3nY6cJ1hG5sD0fA";"#) != nil)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(SecretInCode.self)
    }
}
