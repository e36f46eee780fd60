internal import CGraphviz
import Foundation

/// A cgraph ID discipline that numbers named objects in creation order.
///
/// cgraph's default discipline uses the address of the interned name as the
/// object's ID, and keeps subgraphs ordered by ID: clusters came out (and
/// were laid out) in heap-address order, which differs between two renders
/// in one process. Sequential IDs make subgraph order the creation order, so
/// every render of a diagram is byte-identical.
///
/// IDs of named objects are even (cgraph's convention), anonymous ones odd.
final class SequentialIDs {
    /// The root graph: names are interned in its string pool, because cgraph
    /// reads flags (HTML or not) from the pool's header of a name.
    private let graph: UnsafeMutablePointer<Agraph_t>?
    private var idOfName: [String: IDTYPE] = [:]
    /// The interned names, indexed by id / 2 - 1. The pool frees them when the
    /// graph closes.
    private var names: [UnsafeMutablePointer<CChar>] = []
    private var nextAnonymous: IDTYPE = 1

    init(graph: UnsafeMutablePointer<Agraph_t>?) { self.graph = graph }

    func map(_ name: UnsafeMutablePointer<CChar>?, create: Bool) -> IDTYPE? {
        guard let name else {
            defer { nextAnonymous += 2 }
            return nextAnonymous
        }
        let key = String(cString: name)
        if let id = idOfName[key] { return id }
        guard create, let copy = agstrdup(graph, name) else { return nil }
        names.append(copy)
        let id = IDTYPE(names.count * 2)
        idOfName[key] = id
        return id
    }

    func print(_ id: IDTYPE) -> UnsafeMutablePointer<CChar>? {
        guard id % 2 == 0, id >= 2 else { return nil }
        let index = Int(id / 2) - 1
        return index < names.count ? names[index] : nil
    }
}

/// The discipline table cgraph calls through; it lives as long as the process.
nonisolated(unsafe) let sequentialIDDiscipline: UnsafeMutablePointer<Agiddisc_t> = {
    let disc = UnsafeMutablePointer<Agiddisc_t>.allocate(capacity: 1)
    disc.initialize(to: Agiddisc_t(
        open: { graph, _ in Unmanaged.passRetained(SequentialIDs(graph: graph)).toOpaque() },
        map: { state, _, name, id, create in
            guard let state, let id else { return 0 }
            guard let value = Unmanaged<SequentialIDs>.fromOpaque(state).takeUnretainedValue().map(name, create: create != 0) else { return 0 }
            id.pointee = value
            return 1
        },
        // Callers may not choose IDs (cgraph's default says the same).
        alloc: { _, _, _ in 0 },
        // Names stay in the pool until the graph closes: cgraph frees an
        // object's ID only when deleting the object, which the renderer never
        // does except while closing.
        free: { _, _, _ in },
        print: { state, _, id in
            guard let state else { return nil }
            return Unmanaged<SequentialIDs>.fromOpaque(state).takeUnretainedValue().print(id)
        },
        close: { state in
            guard let state else { return }
            Unmanaged<SequentialIDs>.fromOpaque(state).release()
        },
        idregister: { _, _, _ in }
    ))
    return disc
}()
