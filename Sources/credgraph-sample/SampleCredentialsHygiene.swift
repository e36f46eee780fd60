/// Credentials 12-17 of the sample: secrets kept where they should not be,
/// missing owners, alerting and expiry.
func secretAndOwnerCredentials() -> [CredentialPlan] {
    var creds: [CredentialPlan] = []

    // 12. Secret hard-coded in a CloudPage script; no alert route.
    creds.append(CredentialPlan(
        key: "cloudpages-store-locator", installedPackage: "CloudPages Store Locator", packageType: "web-app",
        rules: ["hardcoded-secret", "no-alerting"],
        story: "secret_location `hardcoded` (in the CloudPage's SSJS) and an empty alerting cell.",
        rows: [
            ConsumerRow(integration: "Store Locator Landing Page", environment: "prod", kind: "landing-page",
                        businessOwner: People.stores, technicalOwner: People.web,
                        secretLocation: "hardcoded", secretExpiresOn: "2027-01-15", secretGeneratedOn: "2026-07-19",
                        criticality: "medium", retry: "retries once on page reload", alerting: "",
                        writes: ["Store_Locator_Searches"],
                        notes: "Built by the agency in 2024; SSJS calls the REST API directly",
                        probe: probe(Files.web, "prod") { $0.apiCallEvery = 4; $0.apiEndpoint = "rest"; $0.apiMedianLatencyMs = 380 }),
        ]))

    // 13. Secret kept in an Automation Studio script activity; no retry.
    creds.append(CredentialPlan(
        key: "suppression-toolkit", installedPackage: "Suppression Automation Toolkit", packageType: "server-to-server",
        rules: ["hardcoded-secret", "no-retry"],
        story: "secret_location `automation-studio` (a Script Activity holds it) and retry `none`.",
        rows: [
            ConsumerRow(integration: "Nightly Suppression Sync", environment: "prod", kind: "internal-tool",
                        businessOwner: People.mops, technicalOwner: People.grace,
                        secretLocation: "automation-studio", secretExpiresOn: "2027-01-03", secretGeneratedOn: "2026-07-07",
                        criticality: "high", retry: "none", alerting: "email:marketing-ops@example.com",
                        writes: ["Suppression_Master"],
                        notes: "Script Activity 'Sync suppressions' in automation NIGHTLY_SUPPRESSION",
                        probe: probe(Files.batch, "prod") { $0.mixedAsJSON = false; $0.medianLatencyMs = 240 }),
        ]))

    // 14. Never probed; the secret's whereabouts unknown.
    creds.append(CredentialPlan(
        key: "store-clienteling", installedPackage: "Store Clienteling App", packageType: "web-app",
        rules: ["expiry-cluster", "not-monitored", "secret-location-unknown", "shared-secret"],
        story: "No probe at all in any file; the prod row's secret_location is `unknown`.",
        rows: [
            ConsumerRow(integration: "Clienteling Tablet App", environment: "prod", kind: "internal-tool",
                        businessOwner: People.stores, technicalOwner: People.kenji,
                        secretLocation: "unknown", secretExpiresOn: "2027-02-01", secretGeneratedOn: "2026-08-05",
                        criticality: "medium", alerting: "email:store-systems-oncall@example.com",
                        writes: ["Clienteling_Notes"], notes: "Vendor-built iPad app for store associates"),
            ConsumerRow(integration: "Clienteling Tablet App", environment: "qa", kind: "internal-tool",
                        businessOwner: People.stores, technicalOwner: People.kenji,
                        secretLocation: "vault:kv/marketing-cloud/qa/clienteling", secretExpiresOn: "2027-02-01",
                        secretGeneratedOn: "2026-08-05", criticality: "low",
                        alerting: "email:store-systems-oncall@example.com", writes: ["Clienteling_Notes"]),
        ]))

    // 15. A secret pasted into the notes; no business owner; alerting none.
    var secretRng = SplitMix64(named: "pasted-secret")
    let pasted = "client_secret=" + secretRng.token(40, alphabet: base64ish)
    creds.append(CredentialPlan(
        key: "customer-care-console", installedPackage: "Customer Care Console", packageType: "web-app",
        rules: ["expiry-cluster", "no-alerting", "owner-missing", "secret-in-inventory"],
        story: "The notes cell holds a pasted `client_secret=` followed by 40 random characters (must be reported redacted); no business owner; alerting `none`.",
        rows: [
            ConsumerRow(integration: "Care Agent Console", environment: "prod", kind: "internal-tool",
                        businessOwner: "", technicalOwner: People.care,
                        secretLocation: "vault:kv/care/prod/marketing-cloud", secretExpiresOn: "2027-01-27",
                        secretGeneratedOn: "2026-07-31", criticality: "medium", alerting: "none",
                        writes: ["Care_Case_Contacts"],
                        notes: "Temporary creds for the cut-over test, remove after: \(pasted)",
                        probe: probe(Files.web, "prod") { $0.medianLatencyMs = 210 }),
        ]))

    // 16. No technical owner in prod; empty secret location in dev.
    creds.append(CredentialPlan(
        key: "data-platform-etl", installedPackage: "Data Platform ETL", packageType: "server-to-server",
        rules: ["owner-missing", "secret-location-unknown", "shared-secret"],
        story: "The prod row has no technical owner (the author left); the dev row's secret_location is empty.",
        rows: [
            ConsumerRow(integration: "Product Catalog Loader", environment: "prod", kind: "etl",
                        businessOwner: People.web, technicalOwner: "",
                        secretLocation: "ssm:/larkfield/prod/marketing-cloud/catalog-loader/client-secret",
                        secretExpiresOn: "2027-01-12", secretGeneratedOn: "2026-07-16",
                        criticality: "high", alerting: "email:data-eng-alerts@example.com",
                        writes: ["Product_Catalog"],
                        notes: "Airflow DAG catalog_to_mc (Python), daily 03:00 UTC",
                        probe: probe(Files.batch, "prod") { $0.mixedAsJSON = false; $0.medianLatencyMs = 260 }),
            ConsumerRow(integration: "Product Catalog Loader", environment: "dev", kind: "etl",
                        businessOwner: People.web, technicalOwner: People.dataEng,
                        secretLocation: "", secretExpiresOn: "2027-01-12", secretGeneratedOn: "2026-07-16",
                        criticality: "low", alerting: "email:data-eng-alerts@example.com",
                        writes: ["Product_Catalog"],
                        probe: probe(Files.dev, "dev")),
        ]))

    // 17. Nobody knows when the secret expires.
    creds.append(CredentialPlan(
        key: "web-analytics-bridge", installedPackage: "Web Analytics Bridge", packageType: "server-to-server",
        rules: ["auth-failing", "expiry-unknown"],
        story: "Neither secret_expires_on nor secret_generated_on: the expiry is unknown (due by the deadline). Since 2026-09-02 06:05Z its token requests answer 403 (the package lost access to the business unit): auth-failing with cause forbidden, not a secret problem.",
        rows: [
            ConsumerRow(integration: "Web Analytics Bridge", environment: "prod", kind: "other",
                        businessOwner: People.lifecycle, technicalOwner: People.marcus,
                        secretLocation: "env:MC_ANALYTICS_CLIENT_SECRET",
                        criticality: "low", retry: "retries on next hourly run", alerting: "email:data-eng-alerts@example.com",
                        writes: ["Web_Session_Events"],
                        notes: "Set up by a contractor; expiry date not visible to us",
                        probe: probe(Files.batch, "prod") {
                            $0.mixedAsJSON = true; $0.authFailFrom = at(2026, 9, 2, 6, 5); $0.authFailStatus = 403
                        }),
        ]))

    return creds
}
