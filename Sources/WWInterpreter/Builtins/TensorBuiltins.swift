import Foundation
import WWNumerics
import WWSyntax

/// A tensor in the language: an immutable `WWNumerics.Tensor` (operations return new tensors).
public final class TensorObject: ArithmeticObject, SubscriptableObject {
    public let tensor: Tensor
    public init(_ tensor: Tensor) { self.tensor = tensor }

    public var typeName: String { "tensor" }
    public var fieldNames: [String] { ["shape", "dtype", "rank", "T"] }

    public func field(_ name: String) -> Value? {
        switch name {
        case "shape": return .list(ListObject(tensor.shape.map { .number(Double($0)) }))
        case "dtype": return .string(tensor.elementType.rawValue)
        case "rank": return .number(Double(tensor.rank))
        case "T": return (try? tensor.transposed()).map { .object(TensorObject($0)) }
        default: return nil
        }
    }

    public var summary: String {
        "<tensor \(tensor.shape.map(String.init).joined(separator: "×")) \(tensor.elementType.rawValue)>"
    }

    public func display() -> String {
        guard tensor.rank <= 2, tensor.count <= 400 else { return summary }
        let values = tensor.doubleValues
        if tensor.rank == 1 { return "tensor([" + values.map(formatNumber).joined(separator: ", ") + "])" }
        let columns = tensor.rank == 2 ? tensor.shape[1] : 1
        let rows = stride(from: 0, to: values.count, by: max(columns, 1)).map { start in
            "  [" + values[start..<min(start + columns, values.count)].map(formatNumber).joined(separator: ", ") + "]"
        }
        return "tensor([\n" + rows.joined(separator: ",\n") + "\n])  # \(summary)"
    }

    public func elements() -> [Value]? {
        guard tensor.rank == 1 else { return nil }
        return tensor.doubleValues.map { .number($0) }
    }

    public func element(_ index: Value) throws -> Value {
        guard case .number(let x) = index, x == x.rounded(), x.isFinite else {
            throw BuiltinError("a tensor index must be a whole number, got \(describeForError(index))")
        }
        guard let first = tensor.shape.first, first > 0 else { throw BuiltinError("cannot index an empty tensor") }
        let i = abs(x) > Double(first) ? -1 : x < 0 ? Int(x) + first : Int(x)  // Int() traps on huge values
        guard i >= 0, i < first else { throw BuiltinError("index \(formatNumber(x)) is out of range for a tensor of shape \(tensor.shape)") }
        if tensor.rank == 1 { return .number(tensor.doubleValues[i]) }
        let inner = Array(tensor.shape.dropFirst())
        let size = inner.reduce(1, *)
        let values = Array(tensor.doubleValues[(i * size)..<((i + 1) * size)])
        return .object(TensorObject(try Tensor(shape: inner, values: values).converted(to: tensor.elementType)))
    }

    public func binary(_ op: BinaryOperator, _ other: Value, objectIsLeft: Bool) throws -> Value? {
        if op == .matmul {
            guard case .object(let o as TensorObject) = other else { return nil }
            let (a, b) = objectIsLeft ? (tensor, o.tensor) : (o.tensor, tensor)
            return .object(TensorObject(try gemm(a, b)))
        }
        let elementwise: (Double, Double) -> Double
        switch op {
        case .add: elementwise = (+)
        case .subtract: elementwise = (-)
        case .multiply: elementwise = (*)
        case .divide: elementwise = (/)
        case .power: elementwise = { Foundation.pow($0, $1) }
        case .equal, .notEqual:
            guard case .object(let o as TensorObject) = other else { return .bool(op == .notEqual) }
            return .bool((tensor == o.tensor) == (op == .equal))
        default: return nil
        }
        let mine = tensor.doubleValues
        let result: [Double]
        switch other {
        case .number(let k):
            result = objectIsLeft ? mine.map { elementwise($0, k) } : mine.map { elementwise(k, $0) }
        case .object(let o as TensorObject):
            guard o.tensor.shape == tensor.shape else {
                throw BuiltinError("tensor shapes differ: \(tensor.shape) and \(o.tensor.shape) (element-wise '\(op.rawValue)' needs equal shapes)")
            }
            let theirs = o.tensor.doubleValues
            result = objectIsLeft ? zip(mine, theirs).map(elementwise) : zip(theirs, mine).map(elementwise)
        default:
            return nil
        }
        return .object(TensorObject(try Tensor(shape: tensor.shape, values: result).converted(to: tensor.elementType)))
    }

    public func negated() throws -> Value {
        .object(TensorObject(try Tensor(shape: tensor.shape, values: tensor.doubleValues.map { -$0 }).converted(to: tensor.elementType)))
    }
}


extension Registry {
    func defineTensors() {
        category("Tensors", doc: "Dense float32/float64 arrays from the numerics core, backed by OpenBLAS and LAPACK. `a @ b` multiplies matrices; `+ - * / ^` work element-wise and with numbers. Fields: `shape`, `dtype`, `rank`, and `T` (the transpose of a matrix).")
        define("tensor(values, dtype = \"float64\") -> tensor", category: "Tensors",
               doc: "A tensor from a list of numbers (a vector), a list of equally long lists (a matrix), or a list of matrices; dtype is \"float64\" or \"float32\".") { call in
            let type = ElementType(rawValue: try call.choice(1, ["float64", "float32"])) ?? .float64
            let items = try call.list(0).items
            func numbers(_ items: [Value], _ what: String) throws -> [Double] {
                try items.map {
                    guard case .number(let x) = $0 else { throw BuiltinError("\(what) holds \(describeForError($0)); a tensor holds numbers") }
                    return x
                }
            }
            // A list that does not start with a list is a vector: report its non-numbers as such.
            if items.allSatisfy({ if case .number = $0 { return true } else { return false } })
                || items.first.map({ if case .list = $0 { return false } else { return true } }) == true {
                return .object(TensorObject(Tensor(try numbers(items, "the list")).converted(to: type)))
            }
            func rows(_ items: [Value], _ what: String) throws -> [[Double]] {
                try items.enumerated().map { i, row -> [Double] in
                    guard case .list(let l) = row else { throw BuiltinError("\(what)\(i) is \(describeForError(row)); expected a list of numbers") }
                    return try numbers(l.items, "\(what)\(i)")
                }
            }
            // A list of lists of lists is a list of matrices (rank 3), as the doc promises.
            if case .list(let first)? = items.first, case .list? = first.items.first {
                let matrices = try items.enumerated().map { k, matrix -> [[Double]] in
                    guard case .list(let m) = matrix else { throw BuiltinError("matrix \(k) is \(describeForError(matrix)); expected a list of rows") }
                    return try rows(m.items, "matrix \(k), row ")
                }
                return .object(TensorObject(try Tensor(matrices: matrices, elementType: type)))
            }
            return .object(TensorObject(try Tensor(rows: try rows(items, "row "), elementType: type)))
        }
        define("zeros(rows, columns = nil) -> tensor", category: "Tensors",
               doc: "A float64 vector of `rows` zeros, or a rows × columns matrix of zeros.") { call in
            let r = try call.integer(0, in: 0...Int(Int32.max))
            let shape = try call.optionalInteger(1, in: 0...Int(Int32.max)).map { [r, $0] } ?? [r]
            return .object(TensorObject(try Tensor.zeros(shape: shape)))
        }
        define("eye(n) -> tensor", category: "Tensors", doc: "The n × n identity matrix.") { call in
            .object(TensorObject(try Tensor.identity(size: try call.integer(0, in: 0...100_000))))
        }
        define("random_matrix(rows, columns, sigma = 1, seed = nil, dist = nil) -> tensor", category: "Tensors",
               doc: "A rows × columns matrix of independent normal entries with standard deviation `sigma`: the null model of random-matrix theory, whose W^T W follows Marchenko-Pastur. With a distribution `dist` (`student_t(3)`, `pareto(1.5)`, ...) the entries are `sigma` times its draws, row by row, the heavy-tailed alternatives; a Dirichlet distribution fills each row with one draw, so `columns` must be its length. `dist: normal()` gives the same matrix as no `dist`.") { call in
            let r = try call.integer(0, in: 1...100_000), c = try call.integer(1, in: 1...100_000)
            let sigma = try call.number(2)
            guard r * c <= 200_000_000 else { throw BuiltinError("a \(r) × \(c) matrix is too large (more than 200 million entries)") }
            let distribution = try call.value(4).isNil ? nil : distributionArgument(call, 4)
            if let distribution, distribution.dimension > 1, distribution.dimension != c {
                throw BuiltinError("argument 'columns' (\(c)) must be the number of concentrations of the dirichlet distribution (\(distribution.dimension)): each row is one draw")
            }
            var values = [Double](repeating: 0, count: r * c)
            try withStream(&call, seed: 3) { stream in
                guard let distribution else {
                    for i in values.indices { values[i] = sigma * stream.nextNormal() }
                    return
                }
                values.removeAll(keepingCapacity: true)
                for _ in 0..<(r * c / distribution.dimension) { try distribution.sample(into: &values, using: &stream) }
                for i in values.indices { values[i] *= sigma }
            }
            return .object(TensorObject(try Tensor(shape: [r, c], values: values)))
        }
        define("to_list(t) -> list", category: "Tensors", methodOf: ["tensor"],
               doc: "The tensor's values as a (nested) list of numbers.") { call in
            guard case .object(let o as TensorObject) = call.value(0) else { throw call.fail(0, expected: "a tensor") }
            let values = o.tensor.doubleValues.map { Value.number($0) }
            guard o.tensor.rank == 2 else { return .list(ListObject(values)) }
            let columns = o.tensor.shape[1]
            guard columns > 0 else { return .list(ListObject(Array(repeating: .list(ListObject()), count: o.tensor.shape[0]))) }
            return .list(ListObject(stride(from: 0, to: values.count, by: columns).map { .list(ListObject(Array(values[$0..<($0 + columns)]))) }))
        }
        define("eigvalsh(matrix) -> list", category: "Tensors",
               doc: "The eigenvalues of a symmetric matrix in ascending order (LAPACK dsyevd; only the upper triangle is read).") { call in
            let t = try tensorArgument(call, 0)
            return .list(ListObject((try lapackCall(on: t) { try syevd(t) }).values.map { .number($0) }))
        }
        define("svdvals(matrix) -> list", category: "Tensors",
               doc: "The singular values of a matrix in descending order (LAPACK dgesdd).") { call in
            let t = try tensorArgument(call, 0)
            return .list(ListObject((try lapackCall(on: t) { try gesdd(t) }).singularValues.map { .number($0) }))
        }
        define("gram_eigenvalues(matrix) -> list", category: "Tensors",
               doc: "The squared singular values of W in ascending order, the eigenvalues of W^T W that HT-SR analyses (no 1/N normalisation), computed in float64 through the smaller Gram matrix.") { call in
            let t = try tensorArgument(call, 0)
            return .list(ListObject((try lapackCall(on: t) { try eigenvaluesOfGram(t) }).map { .number($0) }))
        }
    }
}

private func tensorArgument(_ call: BuiltinCall, _ i: Int) throws -> Tensor {
    if case .object(let o as TensorObject) = call.value(i) { return o.tensor }
    throw call.fail(i, expected: "a tensor")
}
