internal import Mustache

// Mustache finds a name in a struct through `Mirror`, reflecting every field
// of every object on the context stack for each `{{name}}` it looks up. On a
// 1,500-package estate that was a quarter of the whole report's time. The
// model is therefore reflected once, before rendering, into objects that
// answer by dictionary lookup, keeping what Mirror lookup did:
// - an optional field is unwrapped one level, and a nil one is absent, so the
//   name is looked up further out on the stack, as before;
// - arrays stay arrays (sections iterate, empty ones are falsy), Bools stay
//   Bools, dictionaries stay dictionaries (a nil stored in one is still found);
// - anything printed as `{{value}}` prints as the original value did.

/// `model`, with every struct in it (fields, array elements, dictionary
/// values) replaced by a `TemplateObject`.
func templateModel(_ model: Any) -> Any {
    switch model {
    case is String, is Bool, is Int, is Double, is Substring:
        return model
    case is MustacheParent where !(model is [String: Any]), is MustacheCustomRepresentation, is MustacheCustomRenderable,
         is MustacheLambda, is MustacheTemplate:
        return model
    case let array as [Any]:
        return array.map(templateModel)
    case let dictionary as [String: Any]:
        // A stored Optional stays as it is: Mustache finds it either way.
        return dictionary.mapValues { value -> Any in value is AnyTemplateOptional ? value : templateModel(value) }
    default:
        let mirror = Mirror(reflecting: model)
        guard mirror.displayStyle == .struct else { return model }
        var fields: [String: Any] = [:]
        fields.reserveCapacity(Int(mirror.children.count))
        for child in mirror.children {
            guard let label = child.label, fields[label] == nil else { continue }
            guard let value = unwrappedOnce(child.value) else { continue }
            fields[label] = templateModel(value)
        }
        return TemplateObject(fields: fields, original: model)
    }
}

/// A struct of the model, its fields by name.
struct TemplateObject: MustacheParent, CustomStringConvertible {
    let fields: [String: Any]
    let original: Any

    func child(named name: String) -> Any? { fields[name] }
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
