import Foundation
import WWBase
import WWSyntax
import WWTables

/// `x % y` for y != 0, floored as in Python: the result has the sign of the divisor. Whole
/// numbers below 2^53 (loop counters, indices) take the integer remainder, which is exact there
/// and several times cheaper than `fmod`; a zero result keeps `fmod`'s sign (that of x).
@inline(__always) func flooredRemainder(_ x: Double, _ y: Double) -> Double {
    let limit = 9_007_199_254_740_992.0
    if x.magnitude < limit, y.magnitude < limit, x == x.rounded(.towardZero), y == y.rounded(.towardZero) {
        let m = Int64(x) % Int64(y)
        if m == 0 { return x < 0 || (x == 0 && x.sign == .minus) ? -0.0 : 0.0 }
        let r = Double(m)
        return (r < 0) != (y < 0) ? r + y : r
    }
    let m = fmod(x, y)
    return m != 0 && (m < 0) != (y < 0) ? m + y : m
}

/// Domain objects that take part in arithmetic (tensors): return nil for unsupported operands.
public protocol ArithmeticObject: NativeObject {
    func binary(_ op: BinaryOperator, _ other: Value, objectIsLeft: Bool) throws -> Value?
    func negated() throws -> Value
}

/// Domain objects that can be indexed (`t[0]`).
public protocol SubscriptableObject: NativeObject {
    func element(_ index: Value) throws -> Value
}

extension Interpreter {
    /// The fields a dot reads on a table (errors and REPL completion list them).
    public static let tableFields = ["nrows", "ncols", "columns"]

    // MARK: operators

    func binary(_ op: BinaryOperator, _ l: Value, _ r: Value, file: SourceFile, at location: SourceLocation) throws -> Value {
        func fail(_ message: String, notes: [String] = []) -> Diagnostic {
            Diagnostic(.runtime, message, file: file, at: location, length: op.rawValue.count, notes: notes)
        }
        do {
            if case .object(let o as ArithmeticObject) = l, let v = try o.binary(op, r, objectIsLeft: true) { return v }
            if case .object(let o as ArithmeticObject) = r, let v = try o.binary(op, l, objectIsLeft: false) { return v }
        } catch let e as BuiltinError {
            throw fail(e.message, notes: e.notes)
        } catch let e as DomainError {
            throw fail(e.failureMessage, notes: e.failureNotes)
        }
        // Computed: only error messages need it, and building it cost ~400 instructions per operation.
        var types: String { "\(l.typeName) and \(r.typeName)" }
        switch op {
        case .add, .subtract, .multiply, .divide, .remainder, .power:
            if case .number(let a) = l, case .number(let b) = r {
                switch op {
                case .add: return .number(a + b)
                case .subtract: return .number(a - b)
                case .multiply: return .number(a * b)
                case .divide:
                    guard b != 0 else { throw fail("division by zero", notes: ["write inf or nan explicitly if you mean them"]) }
                    return .number(a / b)
                case .remainder:
                    guard b != 0 else { throw fail("remainder of division by zero") }
                    return .number(flooredRemainder(a, b))
                default:
                    return .number(pow(a, b))
                }
            }
            if op == .add, case .string(let a) = l, case .string(let b) = r { return .string(try joinedStrings(a, b, fail: fail)) }
            if op == .multiply {
                if case .string(let s) = l, case .number(let n) = r, n >= 0, n == n.rounded() {
                    // The count alone does not bound the result: "x" * 1e7 repeated 1e7 times again
                    // would ask for 10^14 bytes and kill the process.
                    if s.isEmpty { return .string("") }
                    guard Double(s.utf8.count) * n <= Double(RuntimeLimits.maxStringBytes) else {
                        throw fail(Self.stringLimitMessage("\"...\" * \(formatNumber(n))"))
                    }
                    return .string(String(repeating: s, count: Int(n)))
                }
            }
            var notes: [String] = []
            if op == .add, case .list = l { notes.append("use ++ to join lists") }
            if op == .add, case .string = l { notes.append("use interpolation \"\\(x)\" or str(x) to build strings from values") }
            if op == .add, case .string = r { notes.append("use interpolation \"\\(x)\" or str(x) to build strings from values") }
            throw fail("cannot apply '\(op.rawValue)' to \(types)", notes: notes)
        case .concat:
            switch (l, r) {
            case let (.list(a), .list(b)):
                guard a.items.count + b.items.count <= RuntimeLimits.maxListElements else { throw fail(Self.listLimitMessage) }
                return .list(ListObject(a.items + b.items))
            case let (.string(a), .string(b)): return .string(try joinedStrings(a, b, fail: fail))
            case let (.record(a), .record(b)):
                let merged = RecordObject(a.pairs)
                for (k, v) in zip(b.keys, b.values) { merged.set(k, v) }
                return .record(merged)
            default:
                throw fail("cannot join \(types) with '++'; it joins two lists, two records or two strings")
            }
        case .less, .lessEqual, .greater, .greaterEqual:
            guard let c = compareValues(l, r) else {
                if case .number(let a) = l, case .number(let b) = r, a.isNaN || b.isNaN { return .bool(false) }
                throw fail("cannot compare \(types) with '\(op.rawValue)'")
            }
            switch op {
            case .less: return .bool(c < 0)
            case .lessEqual: return .bool(c <= 0)
            case .greater: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        case .equal: return .bool(valuesEqual(l, r))
        case .notEqual: return .bool(!valuesEqual(l, r))
        case .contains, .notContains:
            let found = try contains(r, l, fail: fail)
            return .bool(op == .contains ? found : !found)
        case .matmul:
            throw fail("'@' multiplies matrices (tensors), not \(types)")
        }
    }

    /// The "memory limit" error of a string past `RuntimeLimits.maxStringBytes`.
    static func stringLimitMessage(_ what: String) -> String {
        "memory limit: \(what) would make a string of more than \(RuntimeLimits.maxStringBytes) bytes (RuntimeLimits.maxStringBytes; WWN_MAX_STRING_BYTES changes it)"
    }

    /// The "memory limit" error of a list past `RuntimeLimits.maxListElements`.
    public static let listLimitMessage =
        "memory limit: the list would hold more than \(RuntimeLimits.maxListElements) elements (RuntimeLimits.maxListElements; WWN_MAX_LIST_ELEMENTS changes it)"

    private func joinedStrings(_ a: String, _ b: String, fail: (String, [String]) -> Diagnostic) throws -> String {
        guard a.utf8.count + b.utf8.count <= RuntimeLimits.maxStringBytes else {
            throw fail(Self.stringLimitMessage("joining strings of \(a.utf8.count) and \(b.utf8.count) bytes"), [])
        }
        return a + b
    }

    private func contains(_ container: Value, _ item: Value, fail: (String, [String]) -> Diagnostic) throws -> Bool {
        switch container {
        case .list(let l): return l.items.contains { valuesEqual($0, item) }
        case .record(let r):
            guard case .string(let k) = item else { throw fail("record keys are strings, got \(describeForError(item))", []) }
            return r.position(of: k) != nil
        case .string(let s):
            guard case .string(let sub) = item else { throw fail("'in' on a string looks for a substring, got \(describeForError(item))", []) }
            return sub.isEmpty || s.contains(sub)
        case .range(let r):
            guard case .number(let x) = item else { return false }
            let k = (x - r.start) / r.step
            return k >= 0 && k == k.rounded() && k < Double(r.count)
        case .table(let t):
            guard case .string(let k) = item else { return false }
            return t.table.columnNames.contains(k)
        default:
            if let items = iterate(container) { return items.contains { valuesEqual($0, item) } }
            throw fail("cannot look for a value 'in' \(describeForError(container))", [])
        }
    }

    func negate(_ v: Value, file: SourceFile, at location: SourceLocation) throws -> Value {
        if case .object(let o as ArithmeticObject) = v {
            do { return try o.negated() } catch let e as BuiltinError {
                throw Diagnostic(.runtime, e.message, file: file, at: location)
            } catch let e as DomainError {
                throw Diagnostic(.runtime, e.failureMessage, file: file, at: location)
            }
        }
        throw Diagnostic(.runtime, "cannot negate \(describeForError(v))", file: file, at: location)
    }

    // MARK: indexing

    /// Python-style index: negative counts from the end. Returns `.none` when the index is not a
    /// whole number and `.some(nil)` when it is out of range (checked before converting to Int,
    /// which traps on huge values such as 1e300).
    private func position(_ index: Value, count: Int) -> Int?? {
        guard case .number(let x) = index, x == x.rounded(), x.isFinite else { return .none }
        guard abs(x) <= Double(count) else { return .some(nil) }
        let i = x < 0 ? Int(x) + count : Int(x)
        return .some(i >= 0 && i < count ? i : nil)
    }

    func subscriptValue(_ o: Value, _ index: Value, file: SourceFile, at location: SourceLocation) throws -> Value {
        func fail(_ message: String, notes: [String] = []) -> Diagnostic {
            Diagnostic(.runtime, message, file: file, at: location, notes: notes)
        }
        func outOfRange(_ count: Int, _ what: String, unit: String = "element") -> Diagnostic {
            fail("index \(ValueFormatter.repr(index)) is out of range for \(what) of \(count) \(unit)\(count == 1 ? "" : "s")",
                 notes: ["valid indices are 0 to \(count - 1), or -1 to -\(count) from the end"])
        }
        switch o {
        case .list(let l):
            guard let p = position(index, count: l.items.count) else { throw fail("a list index must be a whole number, got \(describeForError(index))") }
            guard let i = p else { throw outOfRange(l.items.count, "a list") }
            return l.items[i]
        case .string(let s):
            let chars = Array(s)
            guard let p = position(index, count: chars.count) else { throw fail("a string index must be a whole number, got \(describeForError(index))") }
            guard let i = p else { throw outOfRange(chars.count, "a string", unit: "character") }
            return .string(String(chars[i]))
        case .range(let r):
            guard let p = position(index, count: r.count) else { throw fail("a range index must be a whole number, got \(describeForError(index))") }
            guard let i = p else { throw outOfRange(r.count, "a range") }
            return .number(r.element(i))
        case .record(let r):
            guard case .string(let k) = index else { throw fail("a record is indexed by a field name (string), got \(describeForError(index))") }
            guard let v = r.get(k) else { throw noMember(o, k, file: file, at: location, isCall: false) }
            return v
        case .table(let t):
            if case .string(let name) = index {
                do {
                    return .list(ListObject(try t.table.column(named: name).map(Value.init(cell:))))
                } catch {
                    throw fail("\(error)")
                }
            }
            guard let p = position(index, count: t.table.rowCount) else {
                throw fail("a table is indexed by a column name or a row number, got \(describeForError(index))")
            }
            guard let i = p else { throw outOfRange(t.table.rowCount, "a table", unit: "row") }
            return .record(rowRecord(t.table, i))
        case .object(let obj as SubscriptableObject):
            do { return try obj.element(index) } catch let e as BuiltinError { throw fail(e.message, notes: e.notes) } catch let e as DomainError { throw fail(e.failureMessage, notes: e.failureNotes) }
        default:
            throw fail("cannot index \(describeForError(o))")
        }
    }

    func setSubscript(_ o: Value, _ index: Value, _ value: Value, file: SourceFile, at location: SourceLocation) throws {
        switch o {
        case .list(let l):
            guard let p = position(index, count: l.items.count) else {
                throw Diagnostic(.runtime, "a list index must be a whole number, got \(describeForError(index))", file: file, at: location)
            }
            guard let i = p else {
                let n = l.items.count
                throw Diagnostic(.runtime, "index \(ValueFormatter.repr(index)) is out of range for a list of \(n) element\(n == 1 ? "" : "s")",
                                 file: file, at: location, notes: ["use push() to add elements"])
            }
            l.items[i] = value
        case .record(let r):
            guard case .string(let k) = index else {
                throw Diagnostic(.runtime, "a record is indexed by a field name (string), got \(describeForError(index))", file: file, at: location)
            }
            r.set(k, value)
        default:
            throw Diagnostic(.runtime, "cannot assign to an element of \(describeForError(o))", file: file, at: location)
        }
    }

    func slice(_ o: Value, _ lower: Value, _ upper: Value, file: SourceFile, at location: SourceLocation) throws -> Value {
        func bound(_ v: Value, _ count: Int, _ fallback: Int) throws -> Int {
            switch v {
            case .nil: return fallback
            case .number(let x) where x == x.rounded() && x.isFinite:
                let clamped = min(max(x, -Double(count)), Double(count))  // Int() traps on huge values
                let i = clamped < 0 ? Int(clamped) + count : Int(clamped)
                return min(max(i, 0), count)
            default:
                throw Diagnostic(.runtime, "slice bounds must be whole numbers, got \(describeForError(v))", file: file, at: location)
            }
        }
        switch o {
        case .list(let l):
            let n = l.items.count
            let a = try bound(lower, n, 0), b = try bound(upper, n, n)
            return .list(ListObject(a < b ? Array(l.items[a..<b]) : []))
        case .string(let s):
            let chars = Array(s)
            let a = try bound(lower, chars.count, 0), b = try bound(upper, chars.count, chars.count)
            return .string(a < b ? String(chars[a..<b]) : "")
        case .table(let t):
            let n = t.table.rowCount
            let a = try bound(lower, n, 0), b = try bound(upper, n, n)
            return .table(TableObject(t.table.head(max(a, b)).tail(max(0, b - a))))
        case .object(let t as TensorObject):
            return try subscripts(.object(t), [.range(lower, upper, .nil)], file: file, at: location)
        default:
            throw Diagnostic(.runtime, "cannot slice \(describeForError(o))", file: file, at: location)
        }
    }

    // MARK: fields

    func field(_ o: Value, _ name: String, file: SourceFile, at location: SourceLocation) throws -> Value {
        switch o {
        case .record(let r):
            if let v = r.get(name) { return v }
        case .object(let obj):
            if let v = obj.field(name) { return v }
        case .table(let t):
            switch name {
            case "nrows": return .number(Double(t.table.rowCount))
            case "ncols": return .number(Double(t.table.columnNames.count))
            case "columns": return .list(ListObject(t.table.columnNames.map { .string($0) }))
            default: break
            }
        default:
            break
        }
        if let method = registry.method(name, of: o.typeName) { return .builtin(method.bound(to: o)) }
        throw noMember(o, name, file: file, at: location, isCall: false)
    }
}
