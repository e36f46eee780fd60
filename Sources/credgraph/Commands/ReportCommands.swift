import ArgumentParser
import Foundation
import CredGraphKit

/// Options of the commands that write Markdown.
struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of .mustache templates that replace the built-in ones, file by file (default: the built-in templates).")
    var templates: String?

    @Option(name: .long, help: "Output folder (default: reports).")
    var out: String = "reports"

    @Option(name: .long, help: "The readiness deadline, YYYY-MM-DD (overrides credgraph.yml).")
    var deadline: String?

    @Option(name: .long, help: "A snapshot (or risk --json output) to compare with, instead of the latest earlier one in OUT/history/.")
    var baseline: String?

    func loadTemplates() throws -> ReportTemplates {
        do {
            return try ReportTemplates.load(directory: templates)
        } catch {
            var diagnostics = Diagnostics()
            diagnostics.append(error.diagnostic)
            emit(diagnostics)
            throw ExitCode(error.line == nil ? 2 : 1)
        }
    }
}

/// Runs the pipeline with the report options applied, renders, writes.
func writeReports(common: CommonOptions, report: ReportOptions, kind: ReportKind, folder: String, diagramWorkers: DiagramWorkers = .inProcess) throws {
    let templates = try report.loadTemplates()
    var options = common.inputOptions
    options.deadline = report.deadline
    let analysis = try analyze(options)
    // Everything goes through the one sink, in the order it was found: the
    // inputs' diagnostics (before the lock, so they show even when the output
    // folder is refused), the history/ files that cannot be used, then notes
    // on what was built (a diagram folded), placed under the output folder.
    emit(analysis.diagnostics)
    // One run at a time per output folder, from reading history/ to the last rename.
    let lock = try OutputLock(outputFolder: folder) { printError($0) }
    var context = ReportContext(analysis: analysis)
    context.history = try readHistory(outputFolder: folder, asOf: analysis.clock.asOfDay, baselinePath: report.baseline)
    var historyDiagnostics = Diagnostics()
    for warning in context.history.warnings { historyDiagnostics.append(warning) }
    emit(historyDiagnostics)
    // The calendar the last run wrote, read before the folder is replaced: SEQUENCE rises for events that moved.
    context.previousCalendar = ICalendar.previousStates(at: folder + "/calendar/all.ics")
    guard case .files(let files) = try MarkdownFormatter(templates: templates, kind: kind, diagramWorkers: diagramWorkers).format(.reports(context)) else {
        throw FormatError.unsupported(format: "Markdown", result: "reports")
    }
    var built = Diagnostics()
    for var diagnostic in files.diagnostics.items {
        diagnostic.file = (folder as NSString).appendingPathComponent(diagnostic.file)
        built.append(diagnostic)
    }
    emit(built)
    // weekly and readiness write part of an output folder (OUT/weekly,
    // OUT/readiness.md); OUT must be new, empty or credgraph's own.
    try StageTimes.measure("write") { () throws in
        switch kind {
        case .readiness: try files.write(into: folder, replacing: "readiness.md")
        case .weekly: try files.write(into: folder, replacing: "weekly")
        default: try files.write(to: folder)
        }
    }
    _ = consume lock
    printError("credgraph: wrote \(Vocabulary.count(files.files.count, "file")) under \(folder)")
    if analysis.diagnostics.hasErrors { throw ExitCode(1) }
}

struct Weekly: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One weekly risk report per owner, plus an index, under OUT/weekly/.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try writeReports(common: common, report: report, kind: .weekly, folder: report.out)
    }
}

struct Readiness: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The pre-deadline readiness summary, OUT/readiness.md.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try writeReports(common: common, report: report, kind: .readiness, folder: report.out)
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The main job: index, weekly reports, readiness, change reviews with diagrams and the whole graph under OUT.",
        discussion: "The output folder is replaced whole: a failed run leaves the previous reports as they were.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var report: ReportOptions

    @Option(name: .long, help: ArgumentHelp(
        "Processes rendering the diagrams, this one included (default: the online cores, at most \(DiagramWorkers.defaultJobsCap)); 1 renders them all here.",
        valueName: "N"))
    var jobs: Int?

    /// Most `--jobs` accepted: each worker is a process with its own Graphviz.
    static let maxJobs = 64

    func validate() throws {
        if let jobs, jobs < 1 || jobs > Self.maxJobs { throw ValidationError("--jobs must be between 1 and \(Self.maxJobs)") }
    }

    func run() throws {
        // Workers are copies of this binary; without its path, everything is rendered here.
        // The default is left out of --help: it depends on the machine.
        let jobs = self.jobs ?? DiagramWorkers.defaultJobs
        let executable = jobs > 1 ? DiagramWorkers.runningExecutable() : nil
        let workers = DiagramWorkers(executable: executable, count: jobs - 1) { printError("credgraph: warning: \($0)") }
        try writeReports(common: common, report: report, kind: .all, folder: report.out, diagramWorkers: workers)
    }
}
