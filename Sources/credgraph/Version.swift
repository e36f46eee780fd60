/// What `credgraph --version` prints, and the man page's version. Bump it
/// here (and only here) when a release changes what users see: the commands,
/// the inputs read or the outputs written (README, "Versions").
let credgraphVersion = "0.16.0"
