import Testing
@testable import CredGraphCore
import CredGraphKit
@testable import CredGraphRisk

@Suite struct SecretDetectorTests {
    // Synthetic values shaped like real secrets; none is a real credential.
    static let positives: [(String, String)] = [
        ("Zk3Qp9LmX7vB2nR8tYc4HdFa", "high-entropy token"),
        ("secret is Zk3Qp9LmX7vB2nR8tYc4HdFa, do not share", "high-entropy token"),
        ("Authorization: Bearer Zk3Qp9LmX7vB2nR8tYc4HdFa0", "high-entropy token"),
        ("p+3Xk/9LmQz7VbN2wR8tYc4HdF==", "high-entropy token"),
        ("token=aB3dE5fG7hJ9kL1mN3pQ5rS7", "high-entropy token"),
        ("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----", "PEM key block"),
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ", "JSON Web Token"),
        ("client_secret=hunter2hunter2", "client_secret assignment"),
        ("CLIENT_SECRET: \"s3cr3t-value\"", "client_secret assignment"),
        ("password = Summer2026!", "password assignment"),
        ("api_key=abcd1234efgh", "api_key assignment"),
        ("export SFMC_CLIENT_SECRET=Abc12345xyz", "client_secret assignment"),
        ("{\"client_id\": \"abc\", \"client_secret\": \"q1w2e3r4t5y6\"}", "client_secret assignment"),
        ("https://svc:Pa55word@api.example.com/v1", "credentials in a URL"),
        ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "GitHub token"),
        ("AKIAIOSFODNN7EXAMPLE", "AWS access key id"),
    ]

    static let negatives: [String] = [
        "vault:secret/data/mc/boomi-prod#v3",
        "ssm:/prod/marketing-cloud/boomi/client-secret",
        "env:SFMC_CLIENT_SECRET",
        "file:/etc/boomi/sfmc.properties",
        "hardcoded",
        "automation-studio",
        "Jane Doe <jane.doe@example.com>",
        "Data Platform Team <data-platform@example.org>",
        "4f1c0d9e2b7a8c6d5e4f3a2b",
        "2026-09-30",
        "2026-09-01T10:05:00.250+02:00",
        "Boomi nightly ETL",
        "Nightly sync of loyalty tiers; owner is on PTO until 2026-09-15, ask Ops.",
        "Secret rotated last quarter, see runbook https://wiki.example.com/display/MC/Rotation",
        "client_secret: stored in vault",
        "password: rotated",
        "client_secret=env:SFMC_SECRET",
        "secret=${SFMC_CLIENT_SECRET}",
        "Subscriber_Preferences_2024_Master",
        "MarketingCloudConnectorService2024",
        "Loyalty_Tier_Updates; Preference_Center_Log; Order_Confirmations_2026",
        "pager:pd-marketing-ops",
        "slack:#mc-integrations-alerts",
        "exponential backoff, 3 attempts, then dead-letter queue",
        "/opt/app/Config/Prod2024/settings.properties",
        "3F2504E0-4F89-11D3-9A0C-0305E82C3301",
        "https://mc1234567890abcdefghij.auth.marketingcloudapis.com/v2/token",
        "",
        "short",
        "secret_location: vault:secret/data/x",
        "SFMC_CLIENT_SECRET",
        "probe at 10:05:00 returned 401 invalid_client",
        "https://svc.example.com:8443/v2/token",
        "Zoë Ångström <zoe@example.se>",
        "vault:kv/Marketing2024/SFMC/Prod-Boomi#v12",
        "see https://jira.example.com/browse/MC-1234 and SFDC record 0015g00000XyZabAAB",
    ]

    @Test(arguments: positives)
    func firesOnSecretShapes(_ example: (String, String)) {
        #expect(SecretDetector.looksLikeSecret(example.0) == example.1)
    }

    @Test(arguments: negatives)
    func quietOnOrdinaryCells(_ text: String) {
        #expect(SecretDetector.looksLikeSecret(text) == nil)
    }

    @Test func reasonNeverContainsTheValue() {
        for (secret, _) in Self.positives {
            let reason = SecretDetector.looksLikeSecret(secret) ?? ""
            #expect(!reason.isEmpty)
            #expect(!reason.contains(secret))
        }
    }

    @Test func measures() {
        #expect(SecretDetector.entropy("aaaa") == 0)
        #expect(abs(SecretDetector.entropy("abcd") - 2) < 1e-9)
        #expect(SecretDetector.atomDensity("MarketingCloud") < 0.2)
        #expect(SecretDetector.atomDensity("a1B2c3D4") == 1)
    }
}
