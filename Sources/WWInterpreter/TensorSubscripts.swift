import WWNumerics
import WWSyntax

/// A subscript part once its bounds are evaluated (`nil` for a bound left out).
enum SubscriptValue {
    case index(Value)
    case range(Value, Value, Value)
}

extension Compiler {
    /// Each bound compiled once; an omitted one evaluates to nil.
    func compileSubscriptPart(_ part: SubscriptPart) -> (Frame) throws -> SubscriptValue {
        switch part {
        case .index(let index):
            let value = compileExpression(index)
            return { f in .index(try value(f)) }
        case let .range(start, stop, step):
            let bounds = [start, stop, step].map { $0.map(compileExpression) }
            return { f in
                let values = try bounds.map { try $0?(f) ?? .nil }
                return .range(values[0], values[1], values[2])
            }
        }
    }
}

extension Interpreter {
    /// `t[a, b:c, ::d]`: NumPy's basic indexing, for tensors only (a list or string takes one
    /// index or one `a:b` slice).
    func subscripts(_ o: Value, _ parts: [SubscriptValue], file: SourceFile, at location: SourceLocation) throws -> Value {
        func fail(_ message: String) -> Diagnostic { Diagnostic(.runtime, message, file: file, at: location) }
        guard case .object(let object as TensorObject) = o else {
            throw fail("only a tensor takes several subscripts or a slice step; \(describeForError(o)) takes one index or one a:b slice")
        }
        func whole(_ v: Value, _ what: String) throws -> Int? {
            switch v {
            case .nil: return nil
            case .number(let x) where x == x.rounded() && x.isFinite:
                // Int() traps beyond Int's range; any bound this large is clamped to the axis anyway.
                return Int(min(max(x, -Double(TensorSubscriptLimits.largestBound)), Double(TensorSubscriptLimits.largestBound)))
            default: throw fail("\(what) must be whole numbers, got \(describeForError(v))")
            }
        }
        let subscripts: [TensorSubscript] = try parts.map { part in
            switch part {
            case .index(let v):
                guard let i = try whole(v, "tensor indices") else { throw fail("a tensor index must be a whole number, got nil") }
                return .index(i)
            case let .range(start, stop, step):
                return .range(start: try whole(start, "slice bounds"), stop: try whole(stop, "slice bounds"),
                              step: try whole(step, "slice steps") ?? 1)
            }
        }
        do {
            let result = try object.tensor.sliced(subscripts)
            if result.rank == 0 { return .number(result.doubleValues[0]) }
            return .object(TensorObject(result))
        } catch let error as NumericsError {
            throw fail(error.description)
        }
    }
}

/// Limits of tensor subscripts.
enum TensorSubscriptLimits {
    /// Bounds are clamped to this before conversion to Int: beyond any tensor's length (a tensor
    /// cannot hold 2^52 elements), and exactly representable as a Double.
    static let largestBound = 1 << 52
}
