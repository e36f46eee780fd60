import Foundation

/// `data/metadata/`: an mcdev retrieve of the Larkfield Retail estate
/// (metadata.md): the parent BU's shared data extensions, a production and
/// a QA business unit with queries, automations with schedules, a journey,
/// sends, emails and blocks with AMPscript, an SSJS CloudPage that holds the
/// Preference Centre API's client id, a QA script with a secret in code, and
/// a few references built at run time. Written in mcdev's layout and field
/// names; every file is generated here.

struct MetadataFile {
    var path: String
    var text: String
}

/// A data extension's metadata.
private func dataExtension(_ bu: String, key: String, name: String, fields: [String], sendable: Bool = false) -> MetadataFile {
    let fieldList = fields.map { field in
        """
                {
                    "Name": "\(field)",
                    "FieldType": "Text",
                    "MaxLength": "254",
                    "IsRequired": false,
                    "IsPrimaryKey": \(field == fields.first ? "true" : "false")
                }
        """
    }.joined(separator: ",\n")
    return MetadataFile(path: "\(bu)/dataExtension/\(key).dataExtension-meta.json", text: """
    {
        "CustomerKey": "\(key)",
        "Name": "\(name)",
        "Description": "",
        "IsSendable": \(sendable),
        "IsTestable": false,
        "Fields": [
    \(fieldList)
        ],
        "r__folder_ContentType": "dataextension",
        "r__folder_Path": "Data Extensions/Larkfield"
    }

    """)
}

private func query(_ bu: String, key: String, name: String, target: String, sql: String) -> [MetadataFile] {
    [
        MetadataFile(path: "\(bu)/query/\(key).query-meta.json", text: """
        {
            "name": "\(name)",
            "key": "\(key)",
            "description": "",
            "targetUpdateTypeName": "Overwrite",
            "isFrozen": false,
            "r__dataExtension_key": "\(target)",
            "r__folder_Path": "Query"
        }

        """),
        MetadataFile(path: "\(bu)/query/\(key).query-meta.sql", text: sql),
    ]
}

private func asset(_ bu: String, subtype: String, key: String, name: String, assetType: String, id: Int, html: String) -> [MetadataFile] {
    [
        MetadataFile(path: "\(bu)/asset/\(subtype)/\(key).asset-\(subtype)-meta.json", text: """
        {
            "id": \(id),
            "customerKey": "\(key)",
            "assetType": {
                "name": "\(assetType)"
            },
            "name": "\(name)",
            "r__folder_Path": "Content Builder/Larkfield"
        }

        """),
        MetadataFile(path: "\(bu)/asset/\(subtype)/\(key).asset-\(subtype)-meta.html", text: html),
    ]
}

private func automation(_ bu: String, key: String, name: String, recur: String, start: String, zone: String, steps: [[(type: String, key: String)]]) -> MetadataFile {
    let stepText = steps.enumerated().map { index, activities in
        let list = activities.map { activity in
            """
                        {
                            "name": "\(activity.key)",
                            "r__key": "\(activity.key)",
                            "r__type": "\(activity.type)"
                        }
            """
        }.joined(separator: ",\n")
        return """
                {
                    "name": "Step \(index + 1)",
                    "activities": [
        \(list)
                    ]
                }
        """
    }.joined(separator: ",\n")
    return MetadataFile(path: "\(bu)/automation/\(key).automation-meta.json", text: """
    {
        "key": "\(key)",
        "name": "\(name)",
        "description": "",
        "type": "scheduled",
        "status": "Scheduled",
        "r__folder_Path": "my automations",
        "schedule": {
            "icalRecur": "\(recur)",
            "startDate": "\(start)",
            "timezoneName": "\(zone)",
            "typeId": 3
        },
        "steps": [
    \(stepText)
        ]
    }

    """)
}

func sampleMetadataFiles(_ estate: Estate) -> [MetadataFile] {
    let preferenceClientID = estate.credentials.first { $0.installedPackage == "Preference Centre API" }?.clientID ?? ""
    let qaMessagingClientID = estate.credentials.first { $0.installedPackage == "Triggered Messaging Service Sandbox" }?.clientID ?? ""
    // A made-up secret a QA engineer pasted into a script: the scan must find it and no output may repeat it.
    var random = SplitMix64(named: "larkfield-qa-script-secret")
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    let pastedSecret = String((0..<24).map { _ in alphabet[random.below(alphabet.count)] })

    let parent = "_ParentBU_"
    let prod = "Larkfield_Prod"
    let qa = "Larkfield_QA"
    var files: [MetadataFile] = []

    // Parent BU: shared data extensions every BU reads through ENT.
    files.append(dataExtension(parent, key: "customer_master", name: "Customer_Master", fields: ["SubscriberKey", "Email", "FirstName", "Country"]))
    files.append(dataExtension(parent, key: "suppression_master", name: "Suppression_Master", fields: ["SubscriberKey", "Reason"]))
    files.append(dataExtension(parent, key: "product_catalog", name: "Product_Catalog", fields: ["SKU", "Name", "Price", "ImageUrl"]))

    // Production.
    for (key, name, fields, sendable) in [
        ("orders_transactional", "Orders_Transactional", ["OrderId", "SubscriberKey", "Total", "OrderDate"], false),
        ("order_line_items", "Order_Line_Items", ["OrderId", "SKU", "Quantity"], false),
        ("order_summary_daily", "Order_Summary_Daily", ["OrderDate", "Orders", "Revenue"], false),
        ("master_subscriber_360", "Master_Subscriber_360", ["SubscriberKey", "Email", "Tier", "Score"], false),
        ("sendable_customers", "Sendable_Customers", ["SubscriberKey", "Email"], true),
        ("loyalty_members", "Loyalty_Members", ["SubscriberKey", "Tier", "Points"], false),
        ("subscriber_preferences", "Subscriber_Preferences", ["SubscriberKey", "Newsletter", "Sms"], false),
        ("preference_audit_log", "Preference_Audit_Log", ["SubscriberKey", "ChangedAt", "Change"], false),
        ("customer_engagement_scores", "Customer_Engagement_Scores", ["SubscriberKey", "Score"], false),
        ("engagement_last_90_days", "Engagement_Last_90_Days", ["SubscriberKey", "Opens", "Clicks"], false),
        ("winback_audience", "Winback_Audience", ["SubscriberKey", "Email", "Region"], true),
        ("shipment_events", "Shipment_Events", ["OrderId", "Status", "Carrier"], false),
    ] {
        files.append(dataExtension(prod, key: key, name: name, fields: fields, sendable: sendable))
    }

    files += query(prod, key: "build_subscriber_360", name: "Build Subscriber 360", target: "master_subscriber_360", sql: """
    /* Rebuilds the 360 view every night from the shared master and the loyalty feed. */
    SELECT c.SubscriberKey, c.Email, l.Tier, e.Score
    FROM ENT.Customer_Master AS c
    LEFT JOIN [Loyalty_Members] l ON l.SubscriberKey = c.SubscriberKey
    INNER JOIN Subscriber_Preferences p ON p.SubscriberKey = c.SubscriberKey
    LEFT JOIN Customer_Engagement_Scores e ON e.SubscriberKey = c.SubscriberKey
    -- LEFT JOIN Predicted_CLV_Scores clv ON clv.SubscriberKey = c.SubscriberKey   (model retired in 2025)
    WHERE p.Newsletter = 'true'

    """)
    files += query(prod, key: "sendable_customers", name: "Sendable_Customers", target: "sendable_customers", sql: """
    WITH suppressed AS (
        SELECT SubscriberKey FROM ENT.Suppression_Master
    )
    SELECT m.SubscriberKey, m.Email
    FROM Master_Subscriber_360 m
    WHERE NOT EXISTS (SELECT 1 FROM suppressed s WHERE s.SubscriberKey = m.SubscriberKey)

    """)
    files += query(prod, key: "engagement_last_90_days", name: "Engagement Last 90 Days", target: "engagement_last_90_days", sql: """
    SELECT s.SubscriberKey, COUNT(o.JobID) AS Opens, 0 AS Clicks
    FROM _Sent s
    LEFT JOIN _Open o ON o.JobID = s.JobID AND o.SubscriberKey = s.SubscriberKey
    WHERE s.EventDate > DATEADD(day, -90, GETDATE())
    GROUP BY s.SubscriberKey
    UNION ALL
    SELECT c.SubscriberKey, 0, COUNT(*) FROM _Click c
    WHERE c.EventDate > DATEADD(day, -90, GETDATE())
    GROUP BY c.SubscriberKey

    """)
    files += query(prod, key: "daily_order_summary", name: "Daily Order Summary", target: "order_summary_daily", sql: """
    SELECT CONVERT(date, o.OrderDate) AS OrderDate, COUNT(DISTINCT o.OrderId) AS Orders, SUM(o.Total) AS Revenue,
           'copied FROM Legacy_Orders in 2024' AS Note
    FROM Orders_Transactional o
    INNER JOIN Order_Line_Items li ON li.OrderId = o.OrderId
    WHERE o.OrderDate >= DATEADD(day, -1, CONVERT(date, GETDATE()))
    GROUP BY CONVERT(date, o.OrderDate)

    """)
    files.append(MetadataFile(path: "\(prod)/filter/winback_audience_filter.filter-meta.json", text: """
    {
        "customerKey": "winback_audience_filter",
        "name": "Lapsed Customers Filter",
        "description": "Lapsed customers with a low engagement score",
        "statusId": 1,
        "r__dataFilter_key": "low_engagement",
        "r__source_dataExtension_key": "customer_engagement_scores",
        "r__destination_dataExtension_key": "winback_audience",
        "r__folder_Path": "Filter"
    }

    """))
    files.append(MetadataFile(path: "\(prod)/dataFilter/low_engagement.dataFilter-meta.json", text: """
    {
        "key": "low_engagement",
        "name": "Low engagement",
        "description": "Score below 20",
        "r__dataExtension_key": "customer_engagement_scores",
        "r__folder_Path": "Data Filters"
    }

    """))
    files.append(MetadataFile(path: "\(prod)/dataExtract/order_summary_extract.dataExtract-meta.json", text: """
    {
        "name": "Order Summary Extract",
        "key": "order_summary_extract",
        "description": "Daily order summary to the finance SFTP",
        "r__dataExtractType_name": "Data Extension Extract",
        "fileSpec": "order-summary-%%Year%%-%%Month%%-%%Day%%.csv",
        "dataFields": [
            {
                "name": "DECustomerKey",
                "type": "string",
                "value": "order_summary_daily"
            },
            {
                "name": "HasColumnHeaders",
                "type": "bool",
                "value": "True"
            }
        ]
    }

    """))
    files.append(MetadataFile(path: "\(prod)/importFile/shipment_events_import.importFile-meta.json", text: """
    {
        "customerKey": "shipment_events_import",
        "name": "Shipment Events Import",
        "fileNamingPattern": "shipments_%%Year%%%%Month%%%%Day%%.csv",
        "r__fileLocation_name": "ExactTarget Enhanced FTP",
        "r__dataExtension_CustomerKey": "shipment_events",
        "c__dataAction": "AddUpdate"
    }

    """))
    files.append(automation(prod, key: "nightly_order_summary", name: "Nightly Order Summary",
                            recur: "FREQ=DAILY;INTERVAL=1", start: "2026-03-01T02:00:00", zone: "W. Europe Standard Time",
                            steps: [[("query", "daily_order_summary")], [("dataExtract", "order_summary_extract")]]))
    files.append(automation(prod, key: "nightly_segmentation", name: "Nightly Segmentation",
                            recur: "FREQ=DAILY;INTERVAL=1", start: "2026-01-15T03:30:00", zone: "W. Europe Standard Time",
                            steps: [[("query", "build_subscriber_360"), ("query", "engagement_last_90_days")],
                                    [("query", "sendable_customers"), ("filter", "winback_audience_filter")]]))
    files.append(automation(prod, key: "shipment_feed", name: "Shipment Feed",
                            recur: "FREQ=HOURLY;INTERVAL=2", start: "2026-02-01T00:15:00", zone: "W. Europe Standard Time",
                            steps: [[("importFile", "shipment_events_import")], [("script", "purge_old_shipments")]]))
    files.append(MetadataFile(path: "\(prod)/script/purge_old_shipments.script-meta.json", text: """
    {
        "name": "Purge Old Shipments",
        "key": "purge_old_shipments",
        "description": "Deletes shipment events older than 60 days",
        "r__folder_Path": "Scripts"
    }

    """))
    files.append(MetadataFile(path: "\(prod)/script/purge_old_shipments.script-meta.ssjs", text: """
    <script runat="server">
        Platform.Load("core", "1.1.1");
        // Keep the table small enough for LookupRows in the shipping email.
        var cutoff = DateAdd(Now(), -60, "D");
        var deleted = Platform.Function.DeleteData("Shipment_Events", ["ShippedBefore"], [cutoff]);
    </script>

    """))
    files.append(MetadataFile(path: "\(prod)/event/DEAudience-winback.event-meta.json", text: """
    {
        "type": "EmailAudience",
        "name": "Win-back entry",
        "eventDefinitionKey": "DEAudience-winback",
        "mode": "Production",
        "r__dataExtension_key": "winback_audience"
    }

    """))
    files.append(MetadataFile(path: "\(prod)/journey/winback_journey.journey-meta.json", text: """
    {
        "key": "winback_journey",
        "name": "Win-back Journey",
        "version": 3,
        "activities": [
            {
                "key": "EMAILV2-1",
                "name": "Win-back email",
                "type": "EMAILV2",
                "configurationArguments": {
                    "r__triggeredSend_key": "ts_winback",
                    "triggeredSend": {
                        "r__asset_key": "winback_email",
                        "r__senderProfile_key": "larkfield_default",
                        "r__sendClassification_key": "commercial"
                    }
                }
            },
            {
                "key": "UPDATECONTACTDATAV2-1",
                "name": "Mark contacted",
                "type": "UPDATECONTACTDATA",
                "arguments": {
                    "activityData": {
                        "updateContactFields": [
                            {
                                "r__dataExtension_key": "winback_audience",
                                "field": "ContactedAt",
                                "value": "{{Context.Now}}"
                            }
                        ]
                    }
                }
            }
        ],
        "triggers": [
            {
                "key": "TRIGGER",
                "type": "EmailAudience",
                "metaData": {
                    "r__event_key": "DEAudience-winback"
                }
            }
        ],
        "r__folder_Path": "my journeys"
    }

    """))
    files.append(MetadataFile(path: "\(prod)/triggeredSend/ts_winback.triggeredSend-meta.json", text: """
    {
        "CustomerKey": "ts_winback",
        "Name": "TS_Winback",
        "r__asset_key": "winback_email",
        "r__sendClassification_CustomerKey": "commercial",
        "r__senderProfile_CustomerKey": "larkfield_default"
    }

    """))
    files.append(MetadataFile(path: "\(prod)/triggeredSend/ts_order_confirmation.triggeredSend-meta.json", text: """
    {
        "CustomerKey": "ts_order_confirmation",
        "Name": "TS_Order_Confirmation",
        "r__asset_key": "order_confirmation_email",
        "r__sendClassification_CustomerKey": "transactional",
        "r__senderProfile_CustomerKey": "larkfield_orders"
    }

    """))
    files.append(MetadataFile(path: "\(prod)/emailSend/weekly_promo_send.emailSend-meta.json", text: """
    {
        "CustomerKey": "weekly_promo_send",
        "Name": "Weekly Promo Newsletter Send",
        "EmailSubject": "This week at Larkfield",
        "SendDefinitionList": [
            {
                "DataSourceTypeID": "CustomObject",
                "SendDefinitionListType": "SourceList",
                "r__dataExtension_Key": "sendable_customers"
            }
        ],
        "r__assetMessage_Key": "weekly_promo_newsletter",
        "r__deliveryProfile_key": "Default",
        "r__sendClassification_CustomerKey": "commercial",
        "r__senderProfile_CustomerKey": "larkfield_default"
    }

    """))
    files += asset(prod, subtype: "message", key: "order_confirmation_email", name: "Order Confirmation Email", assetType: "htmlemail", id: 40101, html: """
    %%[
    SET @orderId = AttributeValue("OrderId")
    SET @order = LookupRows("Orders_Transactional", "OrderId", @orderId)
    ]%%
    <h1>Thank you for your order</h1>
    %%=ContentBlockByKey("order_summary_block")=%%
    %%=ContentBlockByName("Content Builder\\Larkfield\\Legal Footer")=%%

    """)
    files += asset(prod, subtype: "block", key: "order_summary_block", name: "Order Summary Block", assetType: "htmlblock", id: 40102, html: """
    %%[
    SET @lines = LookupOrderedRows("Order_Line_Items", 50, "SKU asc", "OrderId", @orderId)
    SET @footer = Concat("footer_", @locale)
    ]%%
    <table>%%=BuildRowsetFromString(@lines, ",")=%%</table>
    %%=ContentBlockByKey(@footer)=%%

    """)
    files += asset(prod, subtype: "block", key: "legal_footer", name: "Legal Footer", assetType: "htmlblock", id: 40103, html: """
    <p>Larkfield Retail Ltd, 1 Market Street. <a href="%%=RedirectTo(@unsub)=%%">Unsubscribe</a></p>

    """)
    files += asset(prod, subtype: "message", key: "weekly_promo_newsletter", name: "Weekly Promo Newsletter", assetType: "templatebasedemail", id: 40104, html: """
    %%[ SET @tier = Lookup("Loyalty_Members", "Tier", "SubscriberKey", _subscriberkey) ]%%
    <h1>This week at Larkfield</h1>
    %%=ContentBlockById(40105)=%%
    %%=ContentBlockByKey("legal_footer")=%%

    """)
    files += asset(prod, subtype: "block", key: "product_recommendations_block", name: "Product Recommendations Block", assetType: "htmlblock", id: 40105, html: """
    %%[
    SET @products = LookupRows("ENT.Product_Catalog", "Featured", "true")
    SET @de = Concat("Recommendations_", @segment)
    SET @mine = LookupRows(@de, "SubscriberKey", _subscriberkey)
    ]%%
    %%=ContentBlockByKey("legal_footer")=%%

    """)
    files += asset(prod, subtype: "message", key: "winback_email", name: "Win-back Email", assetType: "htmlemail", id: 40106, html: """
    %%[ SET @score = Lookup("Customer_Engagement_Scores", "Score", "SubscriberKey", _subscriberkey) ]%%
    <h1>We miss you</h1>
    %%=ContentBlockByKey("legal_footer")=%%

    """)
    files += asset(prod, subtype: "webpage", key: "preference_centre_page", name: "Preference Centre Page", assetType: "webpage", id: 40107, html: """
    <script runat="server">
        Platform.Load("core", "1.1.1");
        var subscriberKey = Request.GetQueryStringParameter("sk");
        // Token for the REST call that syncs the change to the CRM.
        var payload = {
            grant_type: "client_credentials",
            client_id: "\(preferenceClientID)",
            client_secret: Platform.Function.Lookup("App_Settings", "Value", "Name", "preference_centre_secret")
        };
        var auth = HTTP.Post("https://larkfield.auth.marketingcloudapis.com/v2/token", "application/json", Stringify(payload));
        Platform.Function.UpsertData("Subscriber_Preferences", ["SubscriberKey"], [subscriberKey], ["Newsletter"], [Request.GetFormField("newsletter")]);
        var audit = DataExtension.Init("preference_audit_log");
        audit.Rows.Add({ SubscriberKey: subscriberKey, Change: "newsletter" });
    </script>

    """)
    files.append(MetadataFile(path: "\(prod)/mobileMessage/MTIzOjc4OjA.mobileMessage-meta.json", text: """
    {
        "id": "MTIzOjc4OjA",
        "name": "SMS Order Shipped",
        "r__mobileCode_key": "LARKFIELD",
        "sendMethod": "API"
    }

    """))
    files.append(MetadataFile(path: "\(prod)/mobileMessage/MTIzOjc4OjA.mobileMessage-meta.amp", text: """
    %%[ SET @status = Lookup("Shipment_Events", "Status", "OrderId", [OrderId]) ]%%
    Your Larkfield order is %%=v(@status)=%%.

    """))

    // QA: a smaller copy, one not-retrieved table, and a script with a secret pasted into it.
    files.append(dataExtension(qa, key: "orders_transactional", name: "Orders_Transactional", fields: ["OrderId", "SubscriberKey", "Total", "OrderDate"]))
    files.append(dataExtension(qa, key: "orders_qa_mirror", name: "Orders_QA_Mirror", fields: ["OrderId", "Total", "OrderDate"]))
    files.append(dataExtension(qa, key: "order_summary_daily", name: "Order_Summary_Daily", fields: ["OrderDate", "Orders", "Revenue"]))
    files += query(qa, key: "daily_order_summary", name: "Daily Order Summary", target: "order_summary_daily", sql: """
    SELECT CONVERT(date, m.OrderDate) AS OrderDate, COUNT(*) AS Orders, SUM(m.Total) AS Revenue
    FROM Orders_QA_Mirror m
    LEFT JOIN Returns_Staging r ON r.OrderId = m.OrderId
    GROUP BY CONVERT(date, m.OrderDate)

    """)
    files.append(automation(qa, key: "qa_order_summary", name: "QA Order Summary",
                            recur: "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TH", start: "2026-04-06T06:00:00", zone: "GMT Standard Time",
                            steps: [[("query", "daily_order_summary")], [("script", "qa_token_smoke_test")]]))
    files.append(MetadataFile(path: "\(qa)/script/qa_token_smoke_test.script-meta.json", text: """
    {
        "name": "QA Token Smoke Test",
        "key": "qa_token_smoke_test",
        "description": "Checks that the QA triggered messaging package can still get a token",
        "r__folder_Path": "Scripts"
    }

    """))
    files.append(MetadataFile(path: "\(qa)/script/qa_token_smoke_test.script-meta.ssjs", text: """
    <script runat="server">
        Platform.Load("core", "1.1.1");
        var body = '{"grant_type":"client_credentials","client_id":"\(qaMessagingClientID)",'
            + '"client_secret":"\(pastedSecret)"}';
        var result = HTTP.Post("https://larkfield-qa.auth.marketingcloudapis.com/v2/token", "application/json", body);
        Platform.Function.InsertData("Token_Smoke_Results", ["CheckedAt", "Status"], [Now(), result.StatusCode]);
    </script>

    """))
    return files.sorted { $0.path < $1.path }
}

/// Writes `out/metadata/` afresh.
func writeSampleMetadata(_ estate: Estate, out: String) throws -> Int {
    let root = out + "/metadata"
    try removeIfPresent(root)
    let files = sampleMetadataFiles(estate)
    for file in files {
        let path = root + "/" + file.path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try writeTextFile(path, file.text)
    }
    return files.count
}
