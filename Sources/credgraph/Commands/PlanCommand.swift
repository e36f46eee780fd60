import ArgumentParser
import CredGraphKit

/// `credgraph plan`: the rotation calendar. Prints the slots (or `--json`);
/// with `--out DIR` also writes DIR/plan.md and DIR/calendar/*.ics.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "The rotation calendar: a slot for every rotation, within release windows (.ics too).",
        discussion: "Settings: rotation: in credgraph.yml. With --out DIR, writes DIR/plan.md and DIR/calendar/ (all.ics and one per owner); "
            + "the calendar already there is read first, so an event that moved gets the next SEQUENCE.")

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Print the plan as JSON (client ids in full).")
    var json = false

    @Option(name: .long, help: "Output folder for plan.md and calendar/ (default: print only).")
    var out: String?

    @Option(name: .long, help: "Folder of the report templates (default: templates).")
    var templates: String = "templates"

    func run() throws {
        let (analysis, hasErrors) = try runAnalysis(common)
        var context = ReportContext(analysis: analysis)
        if let out {
            let templates: ReportTemplates
            do {
                templates = try ReportTemplates.load(directory: self.templates, names: ["plan"])
            } catch {
                printError(error.description)
                throw ExitCode(error.line == nil ? 2 : 1)
            }
            context.previousCalendar = ICalendar.previousStates(at: out + "/calendar/all.ics")
            var calendars = OutputFiles()
            for file in planCalendarFiles(context, previous: context.previousCalendar) { calendars.add(file.path, file.text) }
            var page = OutputFiles()
            page.add("plan.md", templates.render("plan", planPage(context)))
            try calendars.write(into: out, replacing: "calendar")
            try page.write(into: out, replacing: "plan.md")
            printError("credgraph: wrote plan.md and \(calendars.files.count) calendar file\(calendars.files.count == 1 ? "" : "s") under \(out)")
        }
        printOutput(json ? planJSON(analysis).serialized() : planListing(context))
        if hasErrors { throw ExitCode(1) }
    }
}
