internal import CGraphviz
import Foundation

/// An error reported by libgraphviz, or a missing plugin.
public struct GraphvizError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The one Graphviz context of the process. Graphviz keeps global state
/// (its error callback, plugin tables), so every call goes through `run`,
/// which serialises them.
public final class GraphvizRuntime: @unchecked Sendable {
    public static let shared = GraphvizRuntime()

    private let lock = NSLock()
    private let context: OpaquePointer?

    private init() {
        context = gvContext()
        _ = agseterrf(graphvizErrorSink)
    }

    /// Runs `body` with the context, holding the lock; Graphviz messages
    /// emitted meanwhile are returned as `errors`.
    public func run<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let context else { throw GraphvizError("libgraphviz could not create a context") }
        GraphvizMessages.reset()
        return try body(context)
    }

    /// Plugin names of a kind (`layout`, `render`, `device`, …), sorted.
    public func plugins(kind: String) -> [String] {
        (try? run { gvc in
            var count: Int32 = 0
            guard let list = gvPluginList(gvc, kind, &count, nil) else { return [String]() }
            var names: [String] = []
            for i in 0..<Int(count) {
                if let entry = list[i] {
                    names.append(String(cString: entry))
                    free(entry)
                }
            }
            free(list)
            return names.sorted()
        }) ?? []
    }

    /// Fails with a clear message when the layout or output format is not
    /// installed (gvContext succeeds even with no plugin configuration).
    public func requirePlugins(layout: String, format: String) throws {
        // Checked once per pair: a report asks before each of thousands of diagrams.
        let pair = layout + "\u{0}" + format
        if checkedLock.withLock({ checked.contains(pair) }) { return }
        let layouts = plugins(kind: "layout")
        guard layouts.contains(where: { $0 == layout || $0.hasPrefix(layout + ":") }) else {
            throw GraphvizError(
                "Graphviz layout engine '\(layout)' is not available (found: \(layouts.isEmpty ? "none" : layouts.joined(separator: ", "))). Install libgraphviz-dev (make deps) and check its plugin configuration (dot -c).")
        }
        let formats = plugins(kind: "device") + plugins(kind: "render")
        guard formats.contains(where: { $0 == format || $0.hasPrefix(format + ":") }) else {
            throw GraphvizError(
                "Graphviz output format '\(format)' is not available. Install libgraphviz-dev (make deps) and check its plugin configuration.")
        }
        checkedLock.withLock { _ = checked.insert(pair) }
    }

    private let checkedLock = NSLock()
    private var checked: Set<String> = []
}

/// Messages Graphviz reported through its error callback during the current call.
enum GraphvizMessages {
    nonisolated(unsafe) static var collected: [String] = []

    static func reset() { collected.removeAll() }
    static func take() -> [String] {
        defer { collected.removeAll() }
        return collected
    }
}

// Graphviz reports many problems only through this callback while still
// returning success; it is only called while GraphvizRuntime's lock is held.
private let graphvizErrorSink: agusererrf = { message in
    if let message {
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.isEmpty, GraphvizMessages.collected.count < 100 { GraphvizMessages.collected.append(text) }
    }
    return 0
}
