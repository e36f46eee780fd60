/// What the sample estate (SampleEstate.swift, SampleCredentials*.swift) is
/// written with: instants, the people and teams who own things, the probe
/// files, and probe plans.

/// ms since the epoch of a UTC instant.
func at(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0) -> Int64 {
    epochSeconds(CivilDate(y, mo, d), h, mi) * 1000
}

enum People {
    static let dana = "Dana Whitfield <dana.whitfield@example.com>"
    static let marcus = "Marcus Oyelaran <marcus.oyelaran@example.com>"
    static let priya = "Priya Raman <priya.raman@example.com>"
    static let tomas = "Tomás Herrera <tomas.herrera@example.com>"
    static let hannah = "Hannah Lindqvist <hannah.lindqvist@example.com>"
    static let kenji = "Kenji Watanabe <kenji.watanabe@example.com>"
    static let aisha = "Aisha Bello <aisha.bello@example.com>"
    static let liam = "Liam O'Connor <liam.oconnor@example.com>"
    static let grace = "Grace Mbeki <grace.mbeki@example.com>"
    static let crm = "CRM Platform Team"
    static let integration = "Integration Platform Team"
    static let dataEng = "Data Engineering"
    static let lifecycle = "Lifecycle Marketing"
    static let loyalty = "Loyalty Product Team"
    static let web = "E-commerce Web Team"
    static let stores = "Store Operations IT"
    static let care = "Customer Care Tools"
    static let mobile = "Mobile Engineering"
    static let mops = "Marketing Operations"
}

enum Files {
    static let mulesoft = "prod/mulesoft-commerce.jsonl"
    static let boomi = "prod/boomi-store-systems.log"
    // A log platform's export, read through the `probes:` mapping of credgraph.yml.
    static let workato = "export/workato-loyalty.json.gz"
    static let warehouse = "export/warehouse-syncs.jsonl.gz"
    static let messaging = "prod/messaging.jsonl"
    static let web = "prod/web-and-tools.log"
    static let batch = "prod/batch-jobs.log"  // JSON lines and logfmt interleaved
    static let dev = "nonprod/dev.jsonl.gz"
    static let qa = "nonprod/qa.log"
}

func probe(_ file: String, _ env: String, _ tweak: (inout ProbePlan) -> Void = { _ in }) -> ProbePlan {
    var plan = ProbePlan(file: file, env: env)
    tweak(&plan)
    return plan
}
