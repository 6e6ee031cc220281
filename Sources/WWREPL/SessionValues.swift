import WWInterpreter

/// Values of the session reached by name without running any code: help and completion read
/// globals and fields only (a call could train a model or print).
enum SessionValues {
    /// The value a chain of names denotes (`run`, `run.fit`, `run.fit.alpha`): a global, then
    /// fields of records and objects. Nil when a link is missing.
    static func value(at chain: [String], in interpreter: Interpreter) -> Value? {
        guard let first = chain.first, var value = interpreter.globalValue(named: first) else { return nil }
        for name in chain.dropFirst() {
            guard let next = field(name, of: value) else { return nil }
            value = next
        }
        return value
    }

    static func field(_ name: String, of value: Value) -> Value? {
        switch value {
        case .record(let record): return record.get(name)
        case .object(let object): return object.field(name)
        default: return nil
        }
    }
}
