// The stages, re-exported: `import CredGraphKit` gives the whole public
// interface, as it did when the library was one module.
@_exported import CredGraphCore
@_exported import CredGraphIngest
@_exported import CredGraphGraph
@_exported import CredGraphRisk
@_exported import CredGraphRender
@_exported import CredGraphReport
@_exported import CredGraphOutput
