import Testing
@testable import CredGraphKit

/// The `rotation:` block of credgraph.yml: defaults, values, and every error
/// naming its key path and line.
@Suite struct RotationConfigTests {
    static func parse(_ yaml: String) -> (Config, Diagnostics) {
        var config = Config()
        var diagnostics = Diagnostics()
        ConfigLoader.parse(yaml, file: "credgraph.yml", into: &config, diagnostics: &diagnostics)
        return (config, diagnostics)
    }

    @Test func defaultsFollowInputsMd() {
        let r = Config().rotation
        #expect(r.timezone == "UTC" && r.leadDays == 14 && r.rehearsalDays == 3 && r.maxPerDay == 3 && r.maxPerWeek == 5 && r.slotMinutes == 60)
        #expect(r.windows == [ReleaseWindow(days: [.tue, .wed, .thu], from: 540, to: 960)])
        #expect(r.freezes.isEmpty)
    }

    @Test func theDocumentedBlockReads() {
        let (config, diagnostics) = Self.parse("""
            rotation:
              timezone: Europe/Berlin
              lead_days: 10
              rehearsal_days: 2
              max_per_day: 2
              max_per_week: 4
              slot_minutes: 30
              windows:
                - days: [tue, Wednesday, THU]
                  from: "09:00"
                  to: "16:30"
                - days: mon, fri
                  from: 07:00
                  to: "24:00"
              freeze:
                - from: 2026-11-20
                  to: 2026-12-02
                  reason: Black Friday
            """)
        #expect(diagnostics.items.isEmpty, "\(diagnostics.items.map(\.formatted))")
        let r = config.rotation
        #expect(r.timezone == "Europe/Berlin" && r.leadDays == 10 && r.rehearsalDays == 2 && r.maxPerDay == 2 && r.maxPerWeek == 4 && r.slotMinutes == 30)
        #expect(r.windows == [ReleaseWindow(days: [.tue, .wed, .thu], from: 540, to: 990), ReleaseWindow(days: [.mon, .fri], from: 420, to: 1440)])
        #expect(r.freezes == [Freeze(from: Day(parsing: "2026-11-20")!, to: Day(parsing: "2026-12-02")!, reason: "Black Friday")])
    }

    @Test func everyMistakeIsAnErrorWithKeyPathAndLine() {
        let (_, diagnostics) = Self.parse("""
            rotation:
              timezone: Europe/Berlinn
              lead_days: -3
              max_per_week: 0
              windows:
                - days: [tue, funday]
                  from: "09:00"
                  to: "16:00"
                - days: [wed]
                  from: "16:00"
                  to: "09:00"
                - days: [thu]
                  from: "9 o'clock"
                  to: "16:00"
              freeze:
                - from: 2026-12-02
                  to: 2026-11-20
                  reason: inverted
            """)
        let lines = diagnostics.items.map(\.formatted)
        #expect(diagnostics.errorCount == 7, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("credgraph.yml:2: error: 'rotation.timezone'") && $0.contains("Europe/Berlinn") })
        #expect(lines.contains { $0.hasPrefix("credgraph.yml:3: error: 'rotation.lead_days' must be between 0 and 365") })
        #expect(lines.contains { $0.hasPrefix("credgraph.yml:4: error: 'rotation.max_per_week' must be between 1") })
        #expect(lines.contains { $0.hasPrefix("credgraph.yml:6: error: 'rotation.windows[0].days'") && $0.contains("'funday' is not one") })
        #expect(lines.contains { $0.hasPrefix("credgraph.yml:9: error: 'rotation.windows[1].to' (09:00) must be after from (16:00)") })
        #expect(lines.contains { $0.hasPrefix("credgraph.yml:13: error: 'rotation.windows[2].from' must be a local time HH:MM") })
        #expect(lines.contains { $0.hasPrefix("credgraph.yml:16: error: 'rotation.freeze[0]' is inverted: to (2026-11-20) is before from (2026-12-02)") })
    }

    @Test func noWindowsAtAllIsOneError() {
        let (config, diagnostics) = Self.parse("""
            rotation:
              windows: []
            """)
        #expect(diagnostics.errorCount == 1)
        #expect(diagnostics.items.first?.formatted.hasPrefix("credgraph.yml:2: error: 'rotation.windows' lists no release window") == true)
        #expect(config.rotation.windows.isEmpty)
        // Windows all shorter than a slot are the same impossible calendar.
        let (_, short) = Self.parse("""
            rotation:
              slot_minutes: 120
              windows:
                - days: [tue]
                  from: "09:00"
                  to: "10:00"
            """)
        #expect(short.errorCount == 1)
        #expect(short.items.first?.message.contains("as long as slot_minutes (120)") == true)
    }

    @Test func unknownKeysAreWarnings() {
        let (_, diagnostics) = Self.parse("""
            rotation:
              lead_day: 3
            """)
        #expect(diagnostics.errorCount == 0)
        #expect(diagnostics.items.first?.formatted == "credgraph.yml:2: warning: unknown key 'rotation.lead_day' ignored")
    }
}
