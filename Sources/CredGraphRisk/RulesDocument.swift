import CredGraphCore

// docs/rules.md is generated from the rule files: this file holds the page's
// prose that belongs to no single rule, and the function that assembles it.
// Regenerate with `make rules-doc` (`credgraph rules-doc`); a test fails when
// the committed page is stale.

/// docs/rules.md: the prose below, a table of every rule, then each rule's
/// section (its `documentation` and examples), in `RiskRules.documentationOrder`.
public func rulesMarkdown(_ rules: [any Rule.Type] = RiskRules.documentationOrder) -> String {
    var out = RulesDocument.preamble + "\n\n"
    out += "<!-- Generated from Sources/CredGraphRisk/Rules/*.swift and RulesDocument.swift by `make rules-doc`: edit those, not this page. -->\n\n"
    out += "| rule | severity | fires when | key |\n|---|---|---|---|\n"
    for rule in rules {
        out += "| `\(rule.id)` | \(rule.severityText) | \(rule.thresholdDescription) | " + (rule.thresholdKey.isEmpty ? "" : rule.thresholdKey + " ") + "|\n"
    }
    out += "\n" + RulesDocument.general + "\n\n---\n"
    for rule in rules {
        out += "\n## `\(rule.id)` — \(rule.severityText)\n\n"
        out += "*\(rule.summary)*\n\n"
        out += rule.documentation + "\n\n"
        out += "**Examples** (each is a small estate the rule's tests run):\n\n"
        for example in rule.examples.triggering {
            out += "- fires" + (example.severity.map { " (\($0.rawValue))" } ?? "") + ": \(example.description)\n"
        }
        for example in rule.examples.nonTriggering {
            out += "- does not fire: \(example.description)\n"
        }
    }
    return out
}

enum RulesDocument {
    static let preamble = #"""
    # Risk rules

    `credgraph risk` applies the rules below to the inventory and the probe logs.
    Each finding carries its rule id, a severity, a message with the evidence
    (dates, counts, the consumers as `integration@environment`, `file:line` where
    it helps) and a remediation that says what to check, where, and who does it.
    No finding ever carries a secret: cells that look like secrets are reported by
    column and line only, and probe `error` text is reduced to its class.

    Thresholds come from `credgraph.yml` (keys shown in `code`, defaults in
    brackets). "The window" is the `window_days` [7] before as-of; "the last 24
    hours" are the 24 hours before as-of. Both end at as-of: probes dated after
    as-of are ignored. `days_left` counts calendar days from the as-of date (UTC)
    to the expiry date: 0 on the expiry date, -1 the day after.
    """#

    static let general = #"""
    ## How probes are read

    Every probe is classified on its HTTP status and OAuth `error` code only:

    | class | when | counts as |
    |---|---|---|
    | success | 2xx (and no auth error code) | success |
    | auth | 401, or `error` is `invalid_client` or `invalid_grant` | auth failure (`auth-failing`, `partial-rotation`) |
    | throttled | 429 (Marketing Cloud 50100 / 50200) | non-auth failure, never an auth failure |
    | server | 5xx | non-auth failure |
    | timeout | status 0: no response | non-auth failure |
    | forbidden | 403 | refused access (`auth-failing`, cause `forbidden`), not a non-auth error |
    | other | any other status (400, 404, 3xx …) | non-auth failure |

    A probe belongs to a consumer when its `consumer` and `env` match an
    inventory row of the same client id (names compared case-insensitively,
    `production` read as `prod`). A probe without `env` is matched only when the
    name is unique for that client id. Probes without a matching consumer still
    count for the credential ("unattributed"). All endpoints count for auth
    failures and error rates; only `token` probes count for latency.

    Probe files can hold millions of lines; the aggregator keeps counters per
    credential and consumer, never the probes. Token latency is kept in a
    log-linear histogram (16 buckets per power of two); the p95 it reports is the
    largest latency seen in the bucket holding the 95th-percentile rank, never
    below the true p95 and at most 1/16 above it, so a threshold check errs
    towards reporting. Secret versions are tracked up to 16 per consumer,
    unknown client ids up to 1000 (further ones are counted and reported as one
    extra `uninventoried-client` finding).

    ## Severity and rank

    A credential's severity is its worst finding's; a credential without findings
    has severity `info`. Its findings are listed worst first, then by rule id,
    then by message. Credentials are ranked by:

    1. worst severity;
    2. production reach, bigger first: production consumers reached, then the
       criticality of what is reached (so an expired production secret ranks above
       a sandbox one that expires in four days);
    3. the rest of the blast radius, bigger first: consumers reached, data
       extensions, assets, sends;
    4. days left, fewer first; unknown expiry last;
    5. installed package name, then client id (so ties never depend on input order).

    Each credential also carries `due_by`, the date its secret must be rotated
    by: its expiry; the deadline (`deadline` in credgraph.yml, or `--deadline`)
    when the expiry is unknown; and the earlier of the two when the expiry is
    derived from `secret_generated_on` (a date not read in Setup, so the
    2026-09-30 cut-off of existing secrets may come first). A date read in Setup
    (`secret_expires_on`) stands as it is.

    ## Sibling credentials

    Teams usually install one package per environment ("Boomi Store Systems" in
    prod, "Boomi Store Systems Sandbox" in qa). A credential's **sibling** in an
    environment where it has no consumer is the credential with the most
    consumers there whose integration names (compared case-insensitively) are
    among its own; ties go to the smaller client id. `risk --json` lists them as
    `siblings`. A prod credential's claimed rehearsal (`lower_env_rotated_on`) is
    checked against its siblings outside prod: *confirmed* when one shows a
    rotation then (`secret_generated_on` or `secret_rotated_on` on or after the
    claimed date, or a `secret_version` first seen after it), *contradicted* when
    none confirms it and one shows none (`rehearsal-unverified`), *unverified*
    when there is no sibling or it has no dates and no versioned probes: the
    claim then stands, and the messages say it is unverified.

    ## Environments

    A credential whose consumers are all outside prod is itself the rehearsal
    ground: no rule tells it to rehearse in a lower environment first. A prod
    credential is told to rehearse on its sibling by name when it has one. A
    credential whose consumers span prod and another environment cannot be
    rehearsed separately: it is told so, and `shared-secret` is medium for it.

    ## Where the Marketing Cloud claims come from

    Every statement the rules make about Marketing Cloud follows Salesforce's
    documentation. The claims and their sources:

    | claim in a message or remediation | source |
    |---|---|
    | Secrets expire 180 days after they are generated; existing secrets have a hard cut-off of 2026-09-30 | Salesforce, "Rotate an OAuth 2.0 Secret" and the API Integration secret expiry announcement |
    | Expiry dates are read in the "Client Secret Expires" column of Setup > Apps > Installed Packages, from the parent business unit; no public API returns them | Salesforce, "Rotate an OAuth 2.0 Secret" (Installed Packages summary table) |
    | A secret cannot be viewed again after it is generated: never read or compare it in Setup; `secret_version` and the staged secret's description are the evidence | Salesforce, "Rotate an OAuth 2.0 Secret" ("After you click Finish, you can't view the client secret again") |
    | The staged secret gets a description: the place for a version label | Salesforce, "Rotate an OAuth 2.0 Secret" (Staged Secret section) |
    | Generating and activating need the Admin permission, each at most once in 5 minutes | Salesforce, "Rotate an OAuth 2.0 Secret" |
    | A staged secret is usable about 5 minutes after it is generated; activating it disables the previous one at once; at most two are valid | Salesforce, "Rotate an OAuth 2.0 Secret" |
    | Salesforce revokes a secret it believes compromised, at once | Salesforce, "Automatic Revocation of Compromised Client Secrets" |
    | An inactive "PACKAGE app user" also answers 401 | Salesforce, installed package API user (sfmc-facts.md) |
    | An invalid client answers 401 `invalid_client`; 429 with 50100 / 50200 is throttling, not authentication | Salesforce, "Access Token for Server-to-Server Integrations" and "Rate Limiting Errors" |
    | Tokens live about 20 minutes; requesting one per call causes throttling | Salesforce, "Access Token for Server-to-Server Integrations" |
    | A 403 means scope or business-unit access, not the secret | the token request's optional `scope` and `account_id` (MID), "Access Token for Server-to-Server Integrations" |

    The rule of the worst finding is the rank's reason (`rankReason`; the table's
    "top finding"). `--fail-on SEVERITY` exits 1 when any finding, of a credential
    or top-level, is at or above SEVERITY.

    Findings that belong to no inventoried credential go to the top-level
    `findings` of `risk --json`: `uninventoried-client`, and `secret-in-inventory`
    for a row whose client id is not an inventoried credential.
    """#
}
