/// The committed sample: Larkfield Retail's Marketing Cloud estate, with
/// every finding of outputs.md planted on a named credential.

let sampleAsOfDate = CivilDate(2026, 9, 2)
let sampleDeadline = CivilDate(2026, 9, 30)

/// The sample estate: its credentials in this order (the generated files
/// follow it), a client id nobody inventoried, and the dependencies.
func sampleEstate() -> Estate {
    let asOf = epochSeconds(sampleAsOfDate, 12) * 1000
    let creds = rotationAndProbeCredentials() + secretAndOwnerCredentials() + cleanAndFailingCredentials()

    let strays = [
        StrayProbes(
            key: "agency-dashboard-connector", consumer: "Agency Dashboard Connector",
            story: "Probes (all successful) for a client id that no inventory row names: an integration nobody inventoried.",
            probe: probe(Files.batch, "prod") { $0.mixedAsJSON = true; $0.medianLatencyMs = 300 }),
    ]

    return Estate(asOf: asOf, credentials: creds, strays: strays, dependencies: sampleDependencies())
}
