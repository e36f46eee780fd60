/// Credentials 1-11 of the sample: rotation, probe evidence and expiry.
func rotationAndProbeCredentials() -> [CredentialPlan] {
    var creds: [CredentialPlan] = []

    // 1. Rotated, vaulted, monitored; but the rehearsal it claims is contradicted by its sandbox.
    creds.append(CredentialPlan(
        key: "mulesoft-commerce-prod", installedPackage: "MuleSoft Commerce Connector", packageType: "server-to-server",
        rules: ["rehearsal-unverified", "shared-secret"],
        story: "Rotated 2026-08-16, secret in Vault, pager alerting, healthy probes (token and REST) on secret version v9. Its rows claim a QA rehearsal on 2026-08-09 (lower_env_rotated_on), but its sibling MuleSoft Commerce Connector Sandbox was generated 2026-05-24 and never rotated: rehearsal-unverified.",
        rows: [
            ConsumerRow(integration: "MuleSoft Order Events", environment: "prod", kind: "middleware",
                        businessOwner: People.aisha, technicalOwner: People.dana,
                        secretLocation: "vault:kv/marketing-cloud/prod/mulesoft-commerce",
                        secretExpiresOn: "2027-02-12", secretGeneratedOn: "2026-08-16", secretRotatedOn: "2026-08-16",
                        criticality: "critical", alerting: "pager:integration-platform",
                        lowerEnvRotatedOn: "2026-08-09", e2eTestedOn: "2026-08-17",
                        writes: ["Orders_Transactional", "Order_Line_Items"],
                        notes: "Anypoint app order-events-v3; CloudHub 2.0, two workers",
                        probe: probe(Files.mulesoft, "prod") {
                            $0.apiCallEvery = 6; $0.versions = [(0, "v9")]
                        }),
            ConsumerRow(integration: "MuleSoft Customer Master Sync", environment: "prod", kind: "middleware",
                        businessOwner: People.crm, technicalOwner: People.dana,
                        secretLocation: "vault:kv/marketing-cloud/prod/mulesoft-commerce",
                        secretExpiresOn: "2027-02-12", secretGeneratedOn: "2026-08-16", secretRotatedOn: "2026-08-16",
                        criticality: "high", alerting: "pager:integration-platform",
                        lowerEnvRotatedOn: "2026-08-09", e2eTestedOn: "2026-08-17",
                        writes: ["Customer_Master"],
                        probe: probe(Files.mulesoft, "prod") { $0.versions = [(0, "v9")] }),
        ]))

    // 2. Rotation in progress in the sandbox: one consumer still on the old version.
    let v4 = [(Int64(0), "v3")]
    creds.append(CredentialPlan(
        key: "mulesoft-commerce-sandbox", installedPackage: "MuleSoft Commerce Connector Sandbox", packageType: "server-to-server",
        rules: ["rotation-pending", "shared-secret"],
        story: "Staged secret v4 rolled out since 2026-09-01 15:05Z: three consumers moved, MuleSoft Order Events@dev still authenticates with v3, so activating v4 would cut it off.",
        rows: [
            ConsumerRow(integration: "MuleSoft Order Events", environment: "dev", kind: "middleware",
                        businessOwner: People.aisha, technicalOwner: People.dana,
                        secretLocation: "vault:kv/marketing-cloud/dev/mulesoft-commerce",
                        secretExpiresOn: "2026-11-20", secretGeneratedOn: "2026-05-24", criticality: "low",
                        alerting: "slack:#integration-nonprod", writes: ["Orders_Transactional", "Order_Line_Items"],
                        probe: probe(Files.dev, "dev") { $0.versions = v4 }),
            ConsumerRow(integration: "MuleSoft Order Events", environment: "qa", kind: "middleware",
                        businessOwner: People.aisha, technicalOwner: People.dana,
                        secretLocation: "vault:kv/marketing-cloud/qa/mulesoft-commerce",
                        secretExpiresOn: "2026-11-20", secretGeneratedOn: "2026-05-24", criticality: "medium",
                        alerting: "slack:#integration-nonprod", writes: ["Orders_Transactional", "Order_Line_Items"],
                        probe: probe(Files.qa, "qa") { $0.versions = v4 + [(at(2026, 9, 1, 16, 10), "v4")] }),
            ConsumerRow(integration: "MuleSoft Customer Master Sync", environment: "dev", kind: "middleware",
                        businessOwner: People.crm, technicalOwner: People.dana,
                        secretLocation: "vault:kv/marketing-cloud/dev/mulesoft-commerce",
                        secretExpiresOn: "2026-11-20", secretGeneratedOn: "2026-05-24", criticality: "low",
                        alerting: "slack:#integration-nonprod", writes: ["Customer_Master"],
                        probe: probe(Files.dev, "dev") { $0.versions = v4 + [(at(2026, 9, 1, 15, 5), "v4")] }),
            ConsumerRow(integration: "MuleSoft Customer Master Sync", environment: "qa", kind: "middleware",
                        businessOwner: People.crm, technicalOwner: People.dana,
                        secretLocation: "vault:kv/marketing-cloud/qa/mulesoft-commerce",
                        secretExpiresOn: "2026-11-20", secretGeneratedOn: "2026-05-24", criticality: "medium",
                        alerting: "slack:#integration-nonprod", writes: ["Customer_Master"],
                        probe: probe(Files.qa, "qa") { $0.versions = v4 + [(at(2026, 9, 1, 15, 35), "v4")] }),
        ]))

    // 3. Partial rotation: rotated 2026-08-31, the inventory feed kept the old secret.
    creds.append(CredentialPlan(
        key: "boomi-store-prod", installedPackage: "Boomi Store Systems", packageType: "server-to-server",
        rules: ["auth-failing", "partial-rotation", "rehearsal-unverified", "shared-secret", "version-unreported"],
        story: "Rotated 2026-08-31; Boomi POS Receipt Feed@prod took the new secret, Boomi Store Inventory Feed@prod still sends the old one and gets 401 invalid_client since 2026-08-31 14:40Z (cause missed-rotation). Neither probe logs secret_version, so the cut-over cannot be evidenced (version-unreported); the QA rehearsal claimed on 2026-08-24 is contradicted by Boomi Store Systems Sandbox, generated 2026-03-10 and never rotated.",
        rows: [
            ConsumerRow(integration: "Boomi POS Receipt Feed", environment: "prod", kind: "middleware",
                        businessOwner: People.stores, technicalOwner: People.kenji,
                        secretLocation: "vault:kv/marketing-cloud/prod/boomi-store-systems",
                        secretExpiresOn: "2027-02-27", secretGeneratedOn: "2026-08-31", secretRotatedOn: "2026-08-31",
                        criticality: "high", alerting: "pager:store-systems",
                        lowerEnvRotatedOn: "2026-08-24", writes: ["POS_Receipts"],
                        notes: "Atom cluster boomi-prod-east, process POS-Receipts-to-MC",
                        probe: probe(Files.boomi, "prod") { $0.offsetMinutes = -300; $0.fractionalSeconds = true }),
            ConsumerRow(integration: "Boomi Store Inventory Feed", environment: "prod", kind: "middleware",
                        businessOwner: People.stores, technicalOwner: People.kenji,
                        secretLocation: "file:/opt/boomi/atom/conf/mc-store-systems.properties",
                        secretExpiresOn: "2027-02-27", secretGeneratedOn: "2026-08-31", secretRotatedOn: "2026-08-31",
                        criticality: "high", alerting: "email:store-systems-oncall@example.com",
                        lowerEnvRotatedOn: "2026-08-24", writes: ["Store_Inventory", "Store_Locations"],
                        notes: "Runs on the legacy atom, \"not in the shared vault yet\".\nMigration ticket INT-2231",
                        probe: probe(Files.boomi, "prod") {
                            $0.offsetMinutes = -300; $0.fractionalSeconds = true
                            $0.authFailFrom = at(2026, 8, 31, 14, 40)
                        }),
        ]))

    // 4. Critical expiry in QA.
    creds.append(CredentialPlan(
        key: "boomi-store-sandbox", installedPackage: "Boomi Store Systems Sandbox", packageType: "server-to-server",
        rules: ["no-rotation-slot", "secret-expiring", "shared-secret"],
        story: "Expires 2026-09-06: 4 days left, critical.",
        rows: [
            ConsumerRow(integration: "Boomi POS Receipt Feed", environment: "qa", kind: "middleware",
                        businessOwner: People.stores, technicalOwner: People.kenji,
                        secretLocation: "vault:kv/marketing-cloud/qa/boomi-store-systems",
                        secretExpiresOn: "2026-09-06", secretGeneratedOn: "2026-03-10", criticality: "medium",
                        alerting: "email:store-systems-oncall@example.com", writes: ["POS_Receipts"],
                        probe: probe(Files.qa, "qa")),
            ConsumerRow(integration: "Boomi Store Inventory Feed", environment: "qa", kind: "middleware",
                        businessOwner: People.stores, technicalOwner: People.kenji,
                        secretLocation: "vault:kv/marketing-cloud/qa/boomi-store-systems",
                        secretExpiresOn: "2026-09-06", secretGeneratedOn: "2026-03-10", criticality: "medium",
                        alerting: "email:store-systems-oncall@example.com", writes: ["Store_Inventory", "Store_Locations"],
                        probe: probe(Files.qa, "qa")),
        ]))

    // 5. Probe errors: server errors, throttling and timeouts over 5 %.
    creds.append(CredentialPlan(
        key: "workato-loyalty-prod", installedPackage: "Workato Loyalty Recipes", packageType: "server-to-server",
        rules: ["expiry-cluster", "probe-errors", "rehearsal-unverified", "shared-secret"],
        story: "About 8 % of probes fail without an auth error: 5xx (server), 429 with error 50100 (throttled) and status 0 (timeout). Its claimed rehearsal (2026-07-27) is contradicted by Workato Loyalty Recipes Sandbox, whose secret expires 2026-09-20 and so was generated by 2026-03-24.",
        rows: [
            ConsumerRow(integration: "Workato Loyalty Tier Updates", environment: "prod", kind: "middleware",
                        businessOwner: People.tomas, technicalOwner: People.loyalty,
                        secretLocation: "vault:kv/marketing-cloud/prod/workato-loyalty",
                        secretExpiresOn: "2027-01-30", secretGeneratedOn: "2026-08-03", secretRotatedOn: "2026-08-03",
                        criticality: "high", alerting: "slack:#loyalty-alerts",
                        lowerEnvRotatedOn: "2026-07-27", e2eTestedOn: "2026-08-04", writes: ["Loyalty_Members"],
                        notes: "Recipe polls the loyalty platform every 2 min; requests a token per call, hence the 429s",
                        probe: probe(Files.workato, "prod") {
                            $0.serverErrorShare = 0.03; $0.throttledShare = 0.025; $0.timeoutShare = 0.025
                        }),
            ConsumerRow(integration: "Workato Reward Redemptions", environment: "prod", kind: "middleware",
                        businessOwner: People.tomas, technicalOwner: People.loyalty,
                        secretLocation: "vault:kv/marketing-cloud/prod/workato-loyalty",
                        secretExpiresOn: "2027-01-30", secretGeneratedOn: "2026-08-03", secretRotatedOn: "2026-08-03",
                        criticality: "medium", alerting: "slack:#loyalty-alerts",
                        lowerEnvRotatedOn: "2026-07-27", e2eTestedOn: "2026-08-04", writes: ["Reward_Redemptions"],
                        probe: probe(Files.workato, "prod") {
                            $0.serverErrorShare = 0.03; $0.throttledShare = 0.025; $0.timeoutShare = 0.025
                        }),
        ]))

    // 6. Rows disagree on the expiry: the earliest (high) counts.
    creds.append(CredentialPlan(
        key: "workato-loyalty-sandbox", installedPackage: "Workato Loyalty Recipes Sandbox", packageType: "server-to-server",
        rules: ["no-rotation-slot", "secret-expiring", "shared-secret"],
        story: "Its two rows disagree on secret_expires_on (dev 2026-10-12, qa 2026-09-20): a check warning, and the earliest date counts, so 18 days left, high (medium if the later date were used).",
        rows: [
            ConsumerRow(integration: "Workato Loyalty Tier Updates", environment: "dev", kind: "middleware",
                        businessOwner: People.tomas, technicalOwner: People.loyalty,
                        secretLocation: "vault:kv/marketing-cloud/dev/workato-loyalty",
                        secretExpiresOn: "2026-10-12", criticality: "low",
                        alerting: "slack:#loyalty-alerts", writes: ["Loyalty_Members"],
                        notes: "Expiry copied from an old screenshot, to be confirmed in Setup",
                        probe: probe(Files.dev, "dev")),
            ConsumerRow(integration: "Workato Loyalty Tier Updates", environment: "qa", kind: "middleware",
                        businessOwner: People.tomas, technicalOwner: People.loyalty,
                        secretLocation: "vault:kv/marketing-cloud/qa/workato-loyalty",
                        secretExpiresOn: "2026-09-20", criticality: "medium",
                        alerting: "slack:#loyalty-alerts", writes: ["Loyalty_Members"],
                        probe: probe(Files.qa, "qa")),
        ]))

    // 7. Stale probes: the runner stopped last night.
    creds.append(CredentialPlan(
        key: "snowflake-audience-prod", installedPackage: "Snowflake Audience Sync", packageType: "server-to-server",
        rules: ["probe-stale"],
        story: "Probes stop after 2026-09-01 21:40Z (the probe runner died): the newest, at 21:37Z, is about 14 h 23 min before as-of, still inside the window.",
        rows: [
            ConsumerRow(integration: "Snowflake Audience Sync", environment: "production", kind: "warehouse-sync",
                        businessOwner: People.lifecycle, technicalOwner: People.marcus,
                        secretLocation: "ssm:/larkfield/prod/marketing-cloud/snowflake-audience/client-secret",
                        secretExpiresOn: "2027-01-08", secretGeneratedOn: "2026-07-12", secretRotatedOn: "2026-07-12",
                        criticality: "high", alerting: "pager:data-platform",
                        lowerEnvRotatedOn: "2026-07-05", e2eTestedOn: "2026-07-13", writes: ["Audience_Segments"],
                        notes: "Snowpark task AUDIENCE_PUSH, hourly",
                        probe: probe(Files.warehouse, "production") { $0.stopAt = at(2026, 9, 1, 21, 40) }),
        ]))

    // 8. Latency degraded.
    creds.append(CredentialPlan(
        key: "bigquery-engagement-prod", installedPackage: "BigQuery Engagement Export", packageType: "server-to-server",
        rules: ["expiry-cluster", "latency-degraded"],
        story: "Token requests from the GCP egress proxy are slow: 15 % take 2.1 to 4.8 s, so the token p95 is over 2000 ms.",
        rows: [
            ConsumerRow(integration: "BigQuery Engagement Export", environment: "prod", kind: "warehouse-sync",
                        businessOwner: People.lifecycle, technicalOwner: People.marcus,
                        secretLocation: "vault:kv/marketing-cloud/prod/bigquery-engagement",
                        secretExpiresOn: "2027-01-22", secretGeneratedOn: "2026-07-26", secretRotatedOn: "2026-07-26",
                        criticality: "medium", alerting: "pager:data-platform",
                        lowerEnvRotatedOn: "2026-07-19", e2eTestedOn: "2026-07-27", writes: ["Predicted_CLV_Scores"],
                        notes: "Exports tracking extracts to BigQuery, writes CLV scores back",
                        probe: probe(Files.warehouse, "prod") {
                            $0.medianLatencyMs = 620; $0.slowShare = 0.15
                        }),
        ]))

    // 9. One client id across dev, qa and prod; medium expiry.
    creds.append(CredentialPlan(
        key: "preference-centre", installedPackage: "Preference Centre API", packageType: "server-to-server",
        rules: ["secret-expiring", "shared-secret", "secret-in-code"],
        story: "One client id shared by dev, qa and production (rotating it touches all three at once); expires 2026-10-21: 49 days left, medium. "
            + "The Preference Centre CloudPage in data/metadata holds the client id in its SSJS (secret-in-code).",
        rows: [
            ConsumerRow(integration: "Preference Centre Web", environment: "dev", kind: "preference-center",
                        businessOwner: People.priya, technicalOwner: People.hannah,
                        secretLocation: "env:MC_PREFCENTRE_CLIENT_SECRET", secretExpiresOn: "2026-10-21",
                        secretGeneratedOn: "2026-04-24", criticality: "low", alerting: "slack:#web-platform",
                        writes: ["Subscriber_Preferences"],
                        probe: probe(Files.dev, "dev") { $0.versions = [(0, "fp-3f9a1c")] }),
            ConsumerRow(integration: "Preference Centre Web", environment: "qa", kind: "preference-center",
                        businessOwner: People.priya, technicalOwner: People.hannah,
                        secretLocation: "env:MC_PREFCENTRE_CLIENT_SECRET", secretExpiresOn: "2026-10-21",
                        secretGeneratedOn: "2026-04-24", criticality: "medium", alerting: "slack:#web-platform",
                        writes: ["Subscriber_Preferences"],
                        probe: probe(Files.qa, "qa") { $0.versions = [(0, "fp-3f9a1c")] }),
            ConsumerRow(integration: "Preference Centre Web", environment: "production", kind: "preference-center",
                        businessOwner: People.priya, technicalOwner: People.hannah,
                        secretLocation: "vault:kv/web/prod/preference-centre", secretExpiresOn: "2026-10-21",
                        secretGeneratedOn: "2026-04-24", criticality: "critical", alerting: "pager:web-platform",
                        e2eTestedOn: "2026-05-02", writes: ["Subscriber_Preferences"],
                        notes: "Next.js app on Vercel; the same package serves every environment",
                        probe: probe(Files.web, "prod") { $0.versions = [(0, "fp-3f9a1c")] }),
        ]))

    // 10. Slow REST/SOAP calls that must not count towards the token p95; a rehearsal its sandbox contradicts.
    creds.append(CredentialPlan(
        key: "triggered-messaging-prod", installedPackage: "Triggered Messaging Service", packageType: "server-to-server",
        rules: ["expiry-cluster", "rehearsal-unverified", "shared-secret"],
        story: "Its REST and SOAP probes are slow (about 2.4 s) but the token p95 is low: latency-degraded counts token probes only. It claims a rehearsal on 2026-08-02, but its sibling Triggered Messaging Service Sandbox was generated 2026-04-20 and never rotated: rehearsal-unverified.",
        rows: [
            ConsumerRow(integration: "Order Confirmation Sender", environment: "prod", kind: "triggered-messaging",
                        businessOwner: People.lifecycle, technicalOwner: People.integration,
                        secretLocation: "vault:kv/marketing-cloud/prod/triggered-messaging",
                        secretExpiresOn: "2027-02-05", secretGeneratedOn: "2026-08-09", secretRotatedOn: "2026-08-09",
                        criticality: "critical", retry: "3 attempts, 2 s apart, then dead-letter queue",
                        alerting: "pager:integration-platform",
                        lowerEnvRotatedOn: "2026-08-02", e2eTestedOn: "2026-08-10",
                        probe: probe(Files.messaging, "prod") {
                            $0.apiCallEvery = 3; $0.apiEndpoint = "rest"; $0.apiMedianLatencyMs = 2400
                        }),
            ConsumerRow(integration: "Shipping Notification Sender", environment: "prod", kind: "triggered-messaging",
                        businessOwner: People.lifecycle, technicalOwner: People.integration,
                        secretLocation: "vault:kv/marketing-cloud/prod/triggered-messaging",
                        secretExpiresOn: "2027-02-05", secretGeneratedOn: "2026-08-09", secretRotatedOn: "2026-08-09",
                        criticality: "high", retry: "3 attempts, 2 s apart, then dead-letter queue",
                        alerting: "pager:integration-platform",
                        lowerEnvRotatedOn: "2026-08-02", e2eTestedOn: "2026-08-10", writes: ["Shipment_Events"],
                        probe: probe(Files.messaging, "prod") {
                            $0.apiCallEvery = 3; $0.apiEndpoint = "soap"; $0.apiMedianLatencyMs = 2400
                        }),
            ConsumerRow(integration: "Back-in-Stock Alerts", environment: "production", kind: "triggered-messaging",
                        businessOwner: People.lifecycle, technicalOwner: People.integration,
                        secretLocation: "vault:kv/marketing-cloud/prod/triggered-messaging",
                        secretExpiresOn: "2027-02-05", secretGeneratedOn: "2026-08-09", secretRotatedOn: "2026-08-09",
                        criticality: "medium", retry: "3 attempts, 2 s apart, then dead-letter queue",
                        alerting: "email:lifecycle-ops@example.com",
                        lowerEnvRotatedOn: "2026-08-02", e2eTestedOn: "2026-08-10", writes: ["Back_In_Stock_Requests"],
                        probe: probe(Files.messaging, "prod")),
        ]))

    // 11. Expiry derived from the generation date.
    creds.append(CredentialPlan(
        key: "triggered-messaging-sandbox", installedPackage: "Triggered Messaging Service Sandbox", packageType: "server-to-server",
        rules: ["secret-expiring", "shared-secret", "secret-in-code"],
        story: "No secret_expires_on; secret_generated_on 2026-04-20 + 180 days = 2026-10-17: 45 days left, medium (and not expiry-unknown). "
            + "A QA script activity of data/metadata holds its client id and a pasted secret (secret-in-code).",
        rows: [
            ConsumerRow(integration: "Order Confirmation Sender", environment: "dev", kind: "triggered-messaging",
                        businessOwner: People.lifecycle, technicalOwner: People.integration,
                        secretLocation: "vault:kv/marketing-cloud/dev/triggered-messaging",
                        secretGeneratedOn: "2026-04-20", criticality: "low", alerting: "slack:#integration-nonprod",
                        probe: probe(Files.dev, "dev")),
            ConsumerRow(integration: "Order Confirmation Sender", environment: "qa", kind: "triggered-messaging",
                        businessOwner: People.lifecycle, technicalOwner: People.integration,
                        secretLocation: "vault:kv/marketing-cloud/qa/triggered-messaging",
                        secretGeneratedOn: "2026-04-20", criticality: "medium", alerting: "slack:#integration-nonprod",
                        probe: probe(Files.qa, "qa")),
        ]))

    return creds
}
