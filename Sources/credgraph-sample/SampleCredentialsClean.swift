/// Credentials 18-24 of the sample: clean ones, then an expired and a revoked one.
func cleanAndFailingCredentials() -> [CredentialPlan] {
    var creds: [CredentialPlan] = []

    // 18. Clean: rotation completed in the window, every consumer on the new version.
    creds.append(CredentialPlan(
        key: "mobile-messaging-prod", installedPackage: "Mobile Messaging Gateway", packageType: "server-to-server",
        rules: ["shared-secret"],
        story: "Clean. Rotated 2026-08-28 inside the window: both consumers moved from v11 to v12 that morning and all probes succeed (no partial-rotation, and no rotation-pending since only v12 is seen in the last 24 h). Its claimed rehearsal on 2026-08-20 is confirmed by its sibling Mobile Messaging Gateway Sandbox, rotated that day.",
        rows: [
            ConsumerRow(integration: "Push Campaign Trigger", environment: "prod", kind: "triggered-messaging",
                        businessOwner: People.lifecycle, technicalOwner: People.liam,
                        secretLocation: "ssm:/larkfield/prod/marketing-cloud/mobile-gateway/client-secret",
                        secretExpiresOn: "2027-02-23", secretGeneratedOn: "2026-08-27", secretRotatedOn: "2026-08-28",
                        criticality: "high", alerting: "pager:mobile",
                        lowerEnvRotatedOn: "2026-08-20", e2eTestedOn: "2026-08-28",
                        probe: probe(Files.messaging, "prod") { $0.versions = [(0, "v11"), (at(2026, 8, 28, 10, 0), "v12")] }),
            ConsumerRow(integration: "SMS Opt-in Handler", environment: "prod", kind: "triggered-messaging",
                        businessOwner: People.lifecycle, technicalOwner: People.liam,
                        secretLocation: "ssm:/larkfield/prod/marketing-cloud/mobile-gateway/client-secret",
                        secretExpiresOn: "2027-02-23", secretGeneratedOn: "2026-08-27", secretRotatedOn: "2026-08-28",
                        criticality: "high", alerting: "pager:mobile",
                        lowerEnvRotatedOn: "2026-08-20", e2eTestedOn: "2026-08-28", writes: ["SMS_Subscribers"],
                        probe: probe(Files.messaging, "prod") { $0.versions = [(0, "v11"), (at(2026, 8, 28, 10, 20), "v12")] }),
        ]))

    // 19. Clean, single consumer.
    creds.append(CredentialPlan(
        key: "product-reviews", installedPackage: "Product Reviews Sync", packageType: "server-to-server",
        rules: [],
        story: "Clean, one consumer: no finding at all.",
        rows: [
            ConsumerRow(integration: "Review Request Sync", environment: "prod", kind: "middleware",
                        businessOwner: People.web, technicalOwner: People.hannah,
                        secretLocation: "vault:kv/marketing-cloud/prod/product-reviews",
                        secretExpiresOn: "2027-02-19", secretGeneratedOn: "2026-08-23", secretRotatedOn: "2026-08-23",
                        criticality: "low", alerting: "slack:#web-platform",
                        lowerEnvRotatedOn: "2026-08-18", e2eTestedOn: "2026-08-24", writes: ["Review_Requests"],
                        probe: probe(Files.web, "prod")),
        ]))

    // 20. Clean, single consumer, landing pages.
    creds.append(CredentialPlan(
        key: "seasonal-landing-pages", installedPackage: "Seasonal Campaign Landing Pages", packageType: "web-app",
        rules: [],
        story: "Clean, one consumer: no finding at all.",
        rows: [
            ConsumerRow(integration: "Seasonal Promo Microsite", environment: "prod", kind: "landing-page",
                        businessOwner: People.priya, technicalOwner: People.web,
                        secretLocation: "vault:kv/web/prod/seasonal-landing-pages",
                        secretExpiresOn: "2027-02-08", secretGeneratedOn: "2026-08-12", secretRotatedOn: "2026-08-12",
                        criticality: "medium", alerting: "slack:#web-platform",
                        lowerEnvRotatedOn: "2026-08-05", e2eTestedOn: "2026-08-13", writes: ["Promo_Signups"],
                        notes: "Autumn 2026 campaign microsite; forms post to MC, consent captured",
                        probe: probe(Files.web, "prod")),
        ]))

    // 21. Clean sandbox.
    creds.append(CredentialPlan(
        key: "mobile-messaging-sandbox", installedPackage: "Mobile Messaging Gateway Sandbox", packageType: "server-to-server",
        rules: ["shared-secret"],
        story: "Clean. Rotated 2026-08-20: the rehearsal that confirms the claim of Mobile Messaging Gateway.",
        rows: [
            ConsumerRow(integration: "Push Campaign Trigger", environment: "qa", kind: "triggered-messaging",
                        businessOwner: People.lifecycle, technicalOwner: People.liam,
                        secretLocation: "ssm:/larkfield/qa/marketing-cloud/mobile-gateway/client-secret",
                        secretExpiresOn: "2027-02-15", secretGeneratedOn: "2026-08-19", secretRotatedOn: "2026-08-20",
                        criticality: "low", alerting: "slack:#mobile-nonprod",
                        lowerEnvRotatedOn: "2026-08-20", e2eTestedOn: "2026-08-20",
                        probe: probe(Files.qa, "qa") { $0.versions = [(0, "v7")] }),
            ConsumerRow(integration: "SMS Opt-in Handler", environment: "qa", kind: "triggered-messaging",
                        businessOwner: People.lifecycle, technicalOwner: People.liam,
                        secretLocation: "ssm:/larkfield/qa/marketing-cloud/mobile-gateway/client-secret",
                        secretExpiresOn: "2027-02-15", secretGeneratedOn: "2026-08-19", secretRotatedOn: "2026-08-20",
                        criticality: "low", alerting: "slack:#mobile-nonprod",
                        lowerEnvRotatedOn: "2026-08-20", e2eTestedOn: "2026-08-20", writes: ["SMS_Subscribers"],
                        probe: probe(Files.qa, "qa") { $0.versions = [(0, "v7")] }),
        ]))

    // 22. Clean internal tool in dev and qa.
    creds.append(CredentialPlan(
        key: "marketing-ops-toolkit", installedPackage: "Marketing Ops Toolkit", packageType: "server-to-server",
        rules: ["expiry-cluster", "shared-secret"],
        story: "Clean.",
        rows: [
            ConsumerRow(integration: "Campaign QA Seed List Tool", environment: "dev", kind: "internal-tool",
                        businessOwner: People.mops, technicalOwner: People.grace,
                        secretLocation: "vault:kv/marketing-cloud/dev/marketing-ops-toolkit",
                        secretExpiresOn: "2027-01-25", secretGeneratedOn: "2026-07-29", secretRotatedOn: "2026-07-29",
                        criticality: "low", retry: "manual re-run", alerting: "email:marketing-ops@example.com",
                        lowerEnvRotatedOn: "2026-07-29", e2eTestedOn: "2026-07-30", writes: ["Seed_List_Test"],
                        probe: probe(Files.dev, "dev")),
            ConsumerRow(integration: "Campaign QA Seed List Tool", environment: "qa", kind: "internal-tool",
                        businessOwner: People.mops, technicalOwner: People.grace,
                        secretLocation: "vault:kv/marketing-cloud/qa/marketing-ops-toolkit",
                        secretExpiresOn: "2027-01-25", secretGeneratedOn: "2026-07-29", secretRotatedOn: "2026-07-29",
                        criticality: "low", retry: "manual re-run", alerting: "email:marketing-ops@example.com",
                        lowerEnvRotatedOn: "2026-07-29", e2eTestedOn: "2026-07-30", writes: ["Seed_List_Test"],
                        probe: probe(Files.qa, "qa")),
        ]))

    // 23. Expired (and therefore failing).
    creds.append(CredentialPlan(
        key: "loyalty-points-export", installedPackage: "Loyalty Points Export", packageType: "server-to-server",
        rules: ["no-rotation-slot", "auth-failing", "secret-expired"],
        story: "Expired 2026-08-28 (generated 2026-03-01 + 180 days): 5 days past, and every token request since answers 401 invalid_client.",
        rows: [
            ConsumerRow(integration: "Loyalty Points Nightly Export", environment: "prod", kind: "etl",
                        businessOwner: People.tomas, technicalOwner: People.dataEng,
                        secretLocation: "file:/etc/larkfield/loyalty-export/mc.json",
                        secretExpiresOn: "2026-08-28", secretGeneratedOn: "2026-03-01",
                        criticality: "high", retry: "cron re-runs at 02:00 and 04:00", alerting: "email:data-eng-alerts@example.com",
                        writes: ["Loyalty_Points_Ledger"],
                        notes: "Legacy Python 2 cron on etl-03; migration ticket DATA-1182",
                        probe: probe(Files.batch, "prod") {
                            $0.mixedAsJSON = true; $0.authFailFrom = at(2026, 8, 28)
                        }),
        ]))

    // 24. Revoked by Salesforce: failing although the expiry is far away.
    creds.append(CredentialPlan(
        key: "abandoned-cart-connector", installedPackage: "Abandoned Cart Connector", packageType: "server-to-server",
        rules: ["expiry-cluster", "auth-failing"],
        story: "Expires only in 2027, but Salesforce revoked the secret (leaked in a public repository): 401 invalid_client since 2026-09-01 22:10Z.",
        rows: [
            ConsumerRow(integration: "Abandoned Cart Events", environment: "prod", kind: "triggered-messaging",
                        businessOwner: People.lifecycle, technicalOwner: People.hannah,
                        secretLocation: "vault:kv/web/prod/abandoned-cart",
                        secretExpiresOn: "2027-01-20", secretGeneratedOn: "2026-07-24", secretRotatedOn: "2026-07-24",
                        criticality: "high", alerting: "pager:web-platform",
                        lowerEnvRotatedOn: "2026-07-17", e2eTestedOn: "2026-07-25", writes: ["Abandoned_Carts"],
                        probe: probe(Files.messaging, "prod") { $0.authFailFrom = at(2026, 9, 1, 22, 10) }),
        ]))

    return creds
}
