/// What sits downstream of Larkfield's integrations. The data extensions the
/// integrations write come from the inventory's `writes` cells; these rows
/// continue from there. Exactly one cycle: Customer_Engagement_Scores is
/// refreshed from itself through the query "Refresh Engagement Scores".
func sampleDependencies() -> [DependencyRow] {
    let crm = "CRM Platform Team"
    let lifecycle = "Lifecycle Marketing"
    let priya = "Priya Raman <priya.raman@example.com>"
    let loyalty = "Loyalty Product Team"
    let web = "E-commerce Web Team"
    let mops = "Marketing Operations"
    let analyst = "Sofia Marchetti <sofia.marchetti@example.com>"

    func de(_ from: String, _ to: String, owner: String = crm, criticality: String = "", fromKind: String = "") -> DependencyRow {
        DependencyRow(from: from, fromKind: fromKind, to: to, toKind: "data-extension", owner: owner, criticality: criticality)
    }
    func node(_ from: String, _ to: String, _ kind: String, owner: String, criticality: String = "", relation: String = "",
              environment: String = "", fromKind: String = "") -> DependencyRow {
        DependencyRow(from: from, fromKind: fromKind, to: to, toKind: kind, relation: relation, environment: environment,
                      owner: owner, criticality: criticality)
    }

    return [
        // Subscriber 360: a diamond fed by MuleSoft, Workato, the preference centre, BigQuery and the scores.
        node("Customer_Master", "Build Subscriber 360", "query", owner: crm, criticality: "high"),
        node("Loyalty_Members", "Build Subscriber 360", "query", owner: crm),
        node("Subscriber_Preferences", "Build Subscriber 360", "query", owner: crm),
        node("Predicted_CLV_Scores", "Build Subscriber 360", "query", owner: crm),
        node("Customer_Engagement_Scores", "Build Subscriber 360", "query", owner: crm),
        de("Build Subscriber 360", "Master_Subscriber_360", criticality: "critical"),
        node("Master_Subscriber_360", "Weekly Engagement Dashboard", "report", owner: analyst, criticality: "low"),

        // A query named like the data extension it fills: from_kind tells them apart.
        node("Master_Subscriber_360", "Sendable_Customers", "query", owner: crm, criticality: "high"),
        node("Suppression_Master", "Sendable_Customers", "query", owner: crm),
        de("Sendable_Customers", "Sendable_Customers", criticality: "critical", fromKind: "query"),
        node("Sendable_Customers", "Welcome Journey", "journey", owner: priya, criticality: "high", fromKind: "data-extension"),
        node("Sendable_Customers", "Weekly Promo Newsletter", "email", owner: lifecycle, criticality: "medium", fromKind: "data-extension"),
        node("Promo_Signups", "Welcome Journey", "journey", owner: priya, criticality: "high"),

        // The one cycle: the scores are recomputed from the previous scores.
        node("POS_Receipts", "Refresh Engagement Scores", "query", owner: crm),
        node("Web_Session_Events", "Refresh Engagement Scores", "query", owner: crm),
        node("Customer_Engagement_Scores", "Refresh Engagement Scores", "query", owner: crm),
        de("Refresh Engagement Scores", "Customer_Engagement_Scores", criticality: "high"),
        node("Customer_Engagement_Scores", "Nightly Segmentation", "automation", owner: crm, relation: "triggers"),
        node("Audience_Segments", "Nightly Segmentation", "automation", owner: crm, relation: "triggers"),
        node("Nightly Segmentation", "Win-back Journey", "journey", owner: priya, criticality: "medium"),

        // Orders: AMPscript in the confirmation email, triggered sends per environment.
        node("Orders_Transactional", "Order Summary AMPscript", "ampscript", owner: lifecycle, relation: "reads"),
        node("Order_Line_Items", "Order Summary AMPscript", "ampscript", owner: lifecycle, relation: "reads"),
        node("Order Summary AMPscript", "Order Confirmation Email", "email", owner: lifecycle, criticality: "critical"),
        node("Order Confirmation Email", "TS_Order_Confirmation", "triggered-send", owner: lifecycle, criticality: "critical"),
        node("Order Confirmation Sender", "TS_Order_Confirmation", "triggered-send", owner: lifecycle, criticality: "critical",
             relation: "triggers", environment: "prod"),
        node("Order Confirmation Sender", "TS_Order_Confirmation_QA", "triggered-send", owner: lifecycle, criticality: "low",
             relation: "triggers", environment: "qa"),
        de("MuleSoft Order Events", "Orders_QA_Mirror", criticality: "low").with(environment: "qa"),

        // Shipping: email, SMS.
        node("Shipment_Events", "Shipping Update Email", "email", owner: lifecycle, criticality: "high", relation: "reads"),
        node("Shipping Update Email", "TS_Shipping_Update", "triggered-send", owner: lifecycle, criticality: "high"),
        node("Shipment_Events", "SMS Order Shipped", "sms", owner: lifecycle, criticality: "high"),
        node("SMS_Subscribers", "SMS Order Shipped", "sms", owner: lifecycle, criticality: "high"),

        // Catalogue and availability: a content block reached two ways.
        node("Store_Inventory", "Refresh Product Availability", "query", owner: crm),
        de("Refresh Product Availability", "Product_Availability", criticality: "medium"),
        node("Product_Catalog", "Product Recommendations Block", "content-block", owner: web, criticality: "medium", relation: "reads"),
        node("Product_Availability", "Product Recommendations Block", "content-block", owner: web, criticality: "medium", relation: "reads"),
        node("Product Recommendations Block", "Weekly Promo Newsletter", "email", owner: lifecycle),
        node("Product Recommendations Block", "Back in Stock Email", "email", owner: lifecycle, criticality: "high"),
        node("Product Recommendations Block", "Abandoned Cart Email", "email", owner: lifecycle, criticality: "high"),
        node("Back_In_Stock_Requests", "Back in Stock Email", "email", owner: lifecycle, criticality: "high", relation: "reads"),
        node("Back in Stock Email", "TS_Back_In_Stock", "triggered-send", owner: lifecycle, criticality: "high"),
        node("Back_In_Stock_Requests", "Push Back in Stock", "push", owner: "Mobile Engineering", criticality: "medium"),
        node("Push Campaign Trigger", "Push Weekly Deals", "push", owner: "Mobile Engineering", criticality: "medium", relation: "triggers"),
        node("Abandoned_Carts", "Abandoned Cart Email", "email", owner: lifecycle, criticality: "high", relation: "reads"),
        node("Abandoned Cart Email", "Abandoned Cart Journey", "journey", owner: priya, criticality: "high"),

        // Loyalty: one balance block fed three ways.
        node("Loyalty_Members", "Loyalty Points Balance Block", "content-block", owner: loyalty, criticality: "high", relation: "reads"),
        node("Reward_Redemptions", "Loyalty Points Balance Block", "content-block", owner: loyalty, relation: "reads"),
        node("Loyalty_Points_Ledger", "Loyalty Points Balance Block", "content-block", owner: loyalty, relation: "reads"),
        node("Loyalty Points Balance Block", "Loyalty Tier Upgrade Email", "email", owner: loyalty, criticality: "high"),
        node("Loyalty Tier Upgrade Email", "Loyalty Tier Journey", "journey", owner: loyalty, criticality: "high"),

        // Web: CloudPages and their scripts.
        node("Preference Centre Web", "Preference Centre Page", "cloudpage", owner: web, criticality: "critical", relation: "triggers"),
        node("Subscriber_Preferences", "Preference Centre Page", "cloudpage", owner: web, criticality: "critical", relation: "reads"),
        node("Preference Centre Page", "Preference Save Handler", "ssjs", owner: web, criticality: "critical"),
        node("Store Locator Landing Page", "Store Locator Page", "cloudpage", owner: web, criticality: "medium", relation: "triggers"),
        node("Store_Locations", "Store Hours Block", "content-block", owner: "Store Operations IT", relation: "reads"),
        node("Store Hours Block", "Store Locator Page", "cloudpage", owner: web, criticality: "medium"),
        node("Store_Locator_Searches", "Store Locator Page", "cloudpage", owner: web, criticality: "medium", relation: "reads"),
        node("Seasonal Promo Microsite", "Seasonal Promo Page", "cloudpage", owner: web, criticality: "medium", relation: "triggers"),

        // Reviews, care, clienteling.
        node("Review_Requests", "Review Request Email", "email", owner: lifecycle, criticality: "low", relation: "reads"),
        node("Review Request Email", "TS_Review_Request", "triggered-send", owner: lifecycle, criticality: "low"),
        node("Care_Case_Contacts", "Care Follow-up Email", "email", owner: "Customer Care Tools", criticality: "medium", relation: "reads"),
        node("Clienteling_Notes", "Clienteling Follow-up Email", "email", owner: "Store Operations IT", relation: "reads"),
        node("Clienteling Follow-up Email", "TS_Clienteling_Follow_Up", "triggered-send", owner: "Store Operations IT"),

        // Lower environments only.
        node("Seed_List_Test", "Seed List Proof Email", "email", owner: mops, criticality: "low", relation: "reads", environment: "dev"),
        node("Seed_List_Test", "Seed List Proof Email", "email", owner: mops, criticality: "low", relation: "reads", environment: "qa"),
    ]
}

extension DependencyRow {
    func with(environment: String) -> DependencyRow {
        var copy = self
        copy.environment = environment
        return copy
    }
}
