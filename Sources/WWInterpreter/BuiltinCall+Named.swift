/// Named, typed argument reads: the bindings' one way to read an argument. Each read names the
/// parameter as the signature does, so errors name it too ("argument 'seed' must be a whole
/// number") and adding a parameter never shifts another read. A name the signature lacks is a
/// bug in the binding, reported as an internal error naming the built-in, never a crash.
extension BuiltinCall {
    /// The position of parameter `name` in the signature.
    public func position(of name: String) throws -> Int {
        guard let i = function.parameterNames.firstIndex(of: name) else { throw undeclared(name) }
        return i
    }

    /// A read of a parameter the signature lacks: a bug in the binding, reported, not a crash.
    private func undeclared(_ name: String) -> BuiltinError {
        BuiltinError("internal error: the binding reads an argument '\(name)' that the signature \(function.signature) does not declare")
    }

    /// True when the built-in's signature has a parameter `name` (built-ins that share option
    /// readers declare different subsets of the options).
    public func declares(_ name: String) -> Bool { function.parameterNames.firstIndex(of: name) != nil }

    public func value(_ name: String) throws -> Value { values[try position(of: name)] }

    /// True when the argument is nil (left at a nil default or passed as nil).
    public func isNil(_ name: String) throws -> Bool { try value(name).isNil }

    public func fail(_ name: String, expected: String) -> BuiltinError {
        guard let i = function.parameterNames.firstIndex(of: name) else { return undeclared(name) }
        return fail(i, expected: expected)
    }

    public func number(_ name: String) throws -> Double { try number(try position(of: name)) }
    public func optionalNumber(_ name: String) throws -> Double? { try optionalNumber(try position(of: name)) }

    /// A whole number within `range`, for counts, indices and seeds.
    public func integer(_ name: String, in range: ClosedRange<Int> = Int(Int32.min)...Int(Int32.max)) throws -> Int {
        try integer(try position(of: name), in: range)
    }

    public func optionalInteger(_ name: String, in range: ClosedRange<Int> = Int(Int32.min)...Int(Int32.max)) throws -> Int? {
        try optionalInteger(try position(of: name), in: range)
    }

    public func string(_ name: String) throws -> String { try string(try position(of: name)) }
    public func optionalString(_ name: String) throws -> String? { try optionalString(try position(of: name)) }
    public func bool(_ name: String) throws -> Bool { try bool(try position(of: name)) }
    public func list(_ name: String) throws -> ListObject { try list(try position(of: name)) }
    public func record(_ name: String) throws -> RecordObject { try record(try position(of: name)) }
    public func table(_ name: String) throws -> TableObject { try table(try position(of: name)) }

    /// A function value: a closure or a built-in.
    public func callable(_ name: String) throws -> Value { try callable(try position(of: name)) }
    public func optionalCallable(_ name: String) throws -> Value? { try optionalCallable(try position(of: name)) }

    /// The elements of any iterable argument (list, range, string, table rows, record keys).
    public func elements(_ name: String) throws -> [Value] { try elements(try position(of: name)) }

    /// Numbers from a list or range, for statistics.
    public func numbers(_ name: String) throws -> [Double] { try numbers(try position(of: name)) }

    /// One of a fixed set of strings (an option such as `fit: "power_law"`).
    public func choice(_ name: String, _ options: [String]) throws -> String { try choice(try position(of: name), options) }

    /// A case of a string-backed enumeration, chosen by its raw value (`loss: "mse"`).
    public func choice<Option: RawRepresentable & CaseIterable>(_ name: String, of type: Option.Type) throws -> Option
    where Option.RawValue == String {
        let text = try choice(name, type.allCases.map(\.rawValue))
        guard let option = Option(rawValue: text) else { preconditionFailure("a listed raw value has a case") }
        return option
    }
}
