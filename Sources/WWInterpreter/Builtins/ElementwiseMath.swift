/// The one rule for element-wise maths: a number gives a number, a list (or range) of numbers
/// gives a list of the results in order and a tensor a tensor of its shape and type, as NumPy's
/// ufuncs do, so `sqrt(xs)` needs no `map`. Nested lists are not descended into. Any other value
/// fails as a number would, so the message for `sqrt("4")` is the one it always was.
func elementwise(_ call: BuiltinCall, _ index: Int, _ f: (Double) throws -> Double) throws -> Value {
    switch call.value(index) {
    case .list, .range:
        return .list(ListObject(try call.numbers(index).map { .number(try f($0)) }))
    case .object(let object as TensorObject):
        var failure: Error?
        let result = object.tensor.mapped { x in
            do { return try f(x) } catch { failure = failure ?? error; return .nan }
        }
        if let failure { throw failure }
        return .object(TensorObject(result))
    default:
        return .number(try f(try call.number(index)))
    }
}

/// Fails now, as a number would, unless argument `index` is a number, list or range: built-ins
/// with a second argument check x first, so their errors name x first as they always did.
func requireNumberOrList(_ call: BuiltinCall, _ index: Int) throws {
    switch call.value(index) {
    case .list, .range, .object(is TensorObject): return
    default: _ = try call.number(index)
    }
}
