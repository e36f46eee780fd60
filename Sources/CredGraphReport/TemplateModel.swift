import Foundation
internal import Mustache

// Mustache finds a name in a struct through `Mirror`, reflecting every field
// of every object on the context stack for each `{{name}}` it looks up. On a
// 1,500-package estate that was a quarter of the whole report's time. Each
// struct of the model is therefore reflected at most once, when a template
// first reaches it, into an object that answers by dictionary lookup,
// keeping what Mirror lookup did:
// - an optional field is unwrapped one level, and a nil one is absent, so the
//   name is looked up further out on the stack, as before;
// - arrays stay arrays (sections iterate, empty ones are falsy), Bools stay
//   Bools, dictionaries stay dictionaries (a nil stored in one is still found);
// - anything printed as `{{value}}` prints as the original value did.

/// `model`, with every struct in it (fields, array elements, dictionary
/// values) replaced by a `TemplateObject`.
func templateModel(_ model: Any) -> Any {
    switch ModelKind.of(model) {
    case .asIs, .optional:
        return model
    case .array:
        return (model as! TemplateArray).templateElements()
    case .dictionary:
        // A stored Optional stays as it is: Mustache finds it either way.
        return (model as! [String: Any]).mapValues { value -> Any in
            ModelKind.of(value) == .optional ? value : templateModel(value)
        }
    case .structure:
        return TemplateObject(model)
    }
}

/// How `templateModel` treats a value, found once per type: the dynamic
/// casts that decide it cost more than the conversion.
private enum ModelKind: Sendable {
    case asIs, optional, array, dictionary, structure

    nonisolated(unsafe) private static var known: [ObjectIdentifier: ModelKind] = [:]
    private static let lock = NSLock()

    static func of(_ value: Any) -> ModelKind {
        let key = ObjectIdentifier(type(of: value))
        if let kind = lock.withLock({ known[key] }) { return kind }
        let kind = classify(value)
        lock.withLock { known[key] = kind }
        return kind
    }

    private static func classify(_ value: Any) -> ModelKind {
        switch value {
        case is AnyTemplateOptional:
            return .optional
        case is String, is Bool, is Int, is Double, is Substring:
            return .asIs
        case is [String: Any]:
            return .dictionary
        case is MustacheParent, is MustacheCustomRepresentation, is MustacheCustomRenderable, is MustacheLambda, is MustacheTemplate:
            return .asIs
        case is TemplateArray:
            return .array
        default:
            return Mirror(reflecting: value).displayStyle == .struct ? .structure : .asIs
        }
    }
}

/// Arrays, whose elements are converted (Mustache iterates them as they are).
private protocol TemplateArray {
    func templateElements() -> Any
}

extension Array: TemplateArray {
    fileprivate func templateElements() -> Any {
        // An array of values Mustache prints as they are stays the same array.
        if Element.self == String.self || Element.self == Int.self || Element.self == Bool.self || Element.self == Double.self { return self }
        return map { templateModel($0) }
    }
}

/// A struct of the model, its fields by name. Reflected when the template
/// first looks a name up in it, and each field converted when first asked
/// for: a page's model carries values no template reads (a blast radius's
/// whole graph), and Mirror is slow.
final class TemplateObject: MustacheParent, CustomStringConvertible {
    private let original: Any
    private var fields: [String: Any]?
    private var converted: [String: Any] = [:]

    init(_ original: Any) { self.original = original }

    func child(named name: String) -> Any? {
        if let value = converted[name] { return value }
        if fields == nil {
            var reflected: [String: Any] = [:]
            for child in Mirror(reflecting: original).children {
                guard let label = child.label, reflected[label] == nil else { continue }
                guard let value = unwrappedOnce(child.value) else { continue }
                reflected[label] = value
            }
            fields = reflected
        }
        guard let raw = fields?[name] else { return nil }
        let value = templateModel(raw)
        converted[name] = value
        return value
    }

    var description: String { String(describing: original) }
}

/// Optional one level down, as Mustache's Mirror lookup unwraps a field.
private func unwrappedOnce(_ value: Any) -> Any? {
    guard let optional = value as? AnyTemplateOptional else { return value }
    return optional.wrappedAny
}

private protocol AnyTemplateOptional {
    var wrappedAny: Any? { get }
}

extension Optional: AnyTemplateOptional {
    fileprivate var wrappedAny: Any? {
        switch self {
        case .some(let value): return value
        case .none: return nil
        }
    }
}
