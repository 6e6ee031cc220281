import WWSyntax

/// The arguments of one built-in call, bound to the parameters by position or name with the
/// defaults filled in. The typed accessors produce errors that name the argument.
///
/// Two ways to read an argument: by name (`call.integer("epochs", in: 0...100)`), the only way
/// open to the bindings outside this module, so a read cannot drift from the signature when a
/// parameter is added; and by position, kept internal for the core built-ins of this module,
/// whose calls are the interpreter's hot path (a name lookup costs a hash per read, about 15 ns,
/// against 2 ns for an index; `xs.push(x)` in a loop makes millions of such calls).
public struct BuiltinCall {
    public let function: BuiltinFunction
    var values: [Value]
    public var rest: [Value]
    /// Unowned without a reference count: a call never outlives the interpreter running it, and
    /// counting costs two atomic operations per built-in call.
    public unowned(unsafe) let interpreter: Interpreter
    /// Where the built-in was called: callbacks it runs report this call in their stack.
    let site: CallSite

    init(function: BuiltinFunction, values: [Value], rest: [Value], interpreter: Interpreter, site: CallSite) {
        self.function = function
        self.values = values
        self.rest = rest
        self.interpreter = interpreter
        self.site = site
    }

    func value(_ i: Int) -> Value { values[i] }

    private func name(_ i: Int) -> String { function.parameters[i].name }

    func fail(_ i: Int, expected: String) -> BuiltinError {
        BuiltinError("argument '\(name(i))' must be \(expected), got \(describeForError(values[i]))")
    }

    func number(_ i: Int) throws -> Double {
        if case .number(let x) = values[i] { return x }
        throw fail(i, expected: "a number")
    }

    func optionalNumber(_ i: Int) throws -> Double? {
        if case .nil = values[i] { return nil }
        return try number(i)
    }

    /// A whole number within `range`, for counts, indices and seeds.
    func integer(_ i: Int, in range: ClosedRange<Int> = Int(Int32.min)...Int(Int32.max)) throws -> Int {
        let x = try number(i)
        guard x.isFinite, x == x.rounded() else { throw fail(i, expected: "a whole number") }
        guard x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
            throw BuiltinError("argument '\(name(i))' must be between \(range.lowerBound) and \(range.upperBound), got \(formatNumber(x))")
        }
        return Int(x)
    }

    func optionalInteger(_ i: Int, in range: ClosedRange<Int> = Int(Int32.min)...Int(Int32.max)) throws -> Int? {
        if case .nil = values[i] { return nil }
        return try integer(i, in: range)
    }

    func string(_ i: Int) throws -> String {
        if case .string(let s) = values[i] { return s }
        throw fail(i, expected: "a string")
    }

    func optionalString(_ i: Int) throws -> String? {
        if case .nil = values[i] { return nil }
        return try string(i)
    }

    func bool(_ i: Int) throws -> Bool {
        if case .bool(let b) = values[i] { return b }
        throw fail(i, expected: "true or false")
    }

    func list(_ i: Int) throws -> ListObject {
        if case .list(let l) = values[i] { return l }
        throw fail(i, expected: "a list")
    }

    func record(_ i: Int) throws -> RecordObject {
        if case .record(let r) = values[i] { return r }
        throw fail(i, expected: "a record")
    }

    func table(_ i: Int) throws -> TableObject {
        if case .table(let t) = values[i] { return t }
        throw fail(i, expected: "a table")
    }

    /// A function value: a closure or a built-in.
    func callable(_ i: Int) throws -> Value {
        switch values[i] {
        case .function, .builtin: return values[i]
        default: throw fail(i, expected: "a function")
        }
    }

    func optionalCallable(_ i: Int) throws -> Value? {
        if case .nil = values[i] { return nil }
        return try callable(i)
    }

    /// The elements of any iterable argument (list, range, string, table rows, record keys).
    func elements(_ i: Int) throws -> [Value] {
        if case .range(let r) = values[i], r.count > RuntimeLimits.maxListedRange {
            throw BuiltinError("argument '\(name(i))' is a range of \(r.count) numbers, more than the \(RuntimeLimits.maxListedRange) a built-in lists; walk it with 'for' instead")
        }
        guard let items = iterate(values[i]) else { throw fail(i, expected: "a list or another iterable value") }
        return items
    }

    /// Numbers from a list or range, for statistics.
    func numbers(_ i: Int) throws -> [Double] {
        let items = try elements(i)
        return try items.enumerated().map { j, v in
            guard case .number(let x) = v else {
                throw BuiltinError("argument '\(name(i))' must hold only numbers, but element \(j) is \(describeForError(v))")
            }
            return x
        }
    }

    /// One of a fixed set of strings (an option such as `fit: "power_law"`).
    func choice(_ i: Int, _ options: [String]) throws -> String {
        let s = try string(i)
        guard options.contains(s) else {
            throw BuiltinError("argument '\(name(i))' must be one of \(options.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(s)\"")
        }
        return s
    }

    /// Calls a wwn function value with positional arguments.
    public func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        try interpreter.call(function, arguments, [], site: site)
    }
}
