import CredGraphKit

// The tests written before the output layer ask a result for its text; these
// ask the output layer instead, so they test the formatters every command uses.

extension RiskReport {
    func tableText(maskClientIDs: Bool = true) -> String {
        (try? TextFormatter(clientIDs: ClientIDDisplay(masking: maskClientIDs)).text(.risk(self))) ?? ""
    }

    func jsonText() -> String { (try? JSONFormatter().text(.risk(self))) ?? "" }
}

extension BlastRadius {
    func textListing(masked: Bool = false) -> String {
        (try? TextFormatter(clientIDs: ClientIDDisplay(masking: masked)).text(.blastRadius(BlastRadiusResult(self)))) ?? ""
    }

    func jsonText() throws -> String { try JSONFormatter().text(.blastRadius(BlastRadiusResult(self))) }
}

extension DependencyGraph {
    func pathListing(from: [NodeID], to: [NodeID], chains: [DependencyChain], masked: Bool = false) -> String {
        let result = PathResult(graph: self, from: from, to: to, chains: chains)
        return (try? TextFormatter(clientIDs: ClientIDDisplay(masking: masked)).text(.path(result))) ?? ""
    }

    func pathJSONText(from: [NodeID], to: [NodeID], chains: [DependencyChain]) throws -> String {
        try JSONFormatter().text(.path(PathResult(graph: self, from: from, to: to, chains: chains)))
    }
}
