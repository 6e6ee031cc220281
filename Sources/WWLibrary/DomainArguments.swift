import WWData
import WWInterpreter
import WWNeural
import WWNumerics

/// Typed reads of the arguments the domain built-ins share: networks, data sets, seeds and
/// lists of whole numbers or names. One converter each, so every built-in that takes a network
/// accepts the same values and fails with the same words.
extension BuiltinCall {
    func network(_ name: String) throws -> Network {
        guard case .object(let object as NetworkObject) = try value(name) else { throw fail(name, expected: "a network") }
        return object.network
    }

    /// A data set value. `expected` keeps each built-in family's wording in its error.
    func dataset(_ name: String, expected: String = "a dataset") throws -> Dataset {
        guard case .object(let object as DatasetObject) = try value(name) else { throw fail(name, expected: expected) }
        return object.dataset
    }

    /// A data set, or a record `{x: tensor, y: labels}` (labels may be left out where only
    /// features are needed).
    func datasetOrRecord(_ name: String, labelled: Bool = true) throws -> Dataset {
        switch try value(name) {
        case .object(let object as DatasetObject):
            return object.dataset
        case .record(let record):
            guard case .object(let x as TensorObject)? = record.get("x"), x.tensor.rank >= 1 else {
                throw fail(name, expected: "a data set or a record with x (a tensor, samples first) and y (labels)")
            }
            let count = x.tensor.shape[0]
            var labels = [Int](repeating: 0, count: count)
            if let y = record.get("y") {
                guard let items = iterate(y) else { throw BuiltinError("field y of argument '\(name)' must be a list of labels, got \(describeForError(y))") }
                labels = try items.enumerated().map { index, item in
                    guard case .number(let v) = item, v == v.rounded(), v >= 0, v < Double(Int32.max) else {
                        throw BuiltinError("label \(index) of argument '\(name)' must be a whole number >= 0, got \(describeForError(item))")
                    }
                    return Int(v)
                }
            } else if labelled {
                throw fail(name, expected: "a data set or a record with x and y (labels)")
            }
            let classes = (labels.max() ?? 0) + 1
            return try Dataset(name: "data", features: x.tensor, labels: labels, classNames: (0..<classes).map { "class \($0)" })
        default:
            throw fail(name, expected: "a data set or a record with x (a tensor, samples first) and y (labels)")
        }
    }

    /// A seed argument, or the next draw of the session's stream when it is nil.
    func seed(_ name: String) throws -> UInt64 {
        if let seed = try optionalInteger(name, in: 0...Int(Int32.max)) { return UInt64(seed) }
        return interpreter.random.next()
    }

    /// Runs `body` with the stream of the seed argument `name`, or the session's stream when it
    /// is nil (advancing it, so successive calls differ but a `seed(n)` run repeats).
    func withStream<T>(seed name: String, _ body: (inout SeededRandom) throws -> T) throws -> T {
        if let seed = try optionalInteger(name, in: 0...Int(Int32.max)) {
            var stream = SeededRandom(seed: UInt64(seed))
            return try body(&stream)
        }
        return try body(&interpreter.random)
    }

    /// A list of whole numbers >= `minimum` (widths, shapes, epochs).
    func integers(_ name: String, allowEmpty: Bool = false, minimum: Int = 1) throws -> [Int] {
        let values = try numbers(name)
        guard allowEmpty || !values.isEmpty else { throw BuiltinError("argument '\(name)' must not be empty") }
        return try values.map { v in
            guard v == v.rounded(), v >= Double(minimum), v <= Double(Int32.max) else {
                throw BuiltinError("argument '\(name)' must hold whole numbers >= \(minimum), got \(formatNumber(v))")
            }
            return Int(v)
        }
    }

    /// Documents to embed or score: a list of strings, or a data set that keeps its texts
    /// (load_text, text augmentation).
    func textCollection(_ name: String) throws -> [String] {
        if case .object(let object) = try value(name), let data = object as? DatasetObject {
            guard let texts = data.dataset.texts else {
                throw BuiltinError("argument '\(name)': the data set \(data.dataset.name) keeps no texts; load it with load_text")
            }
            return texts
        }
        return try elements(name).enumerated().map { position, value in
            guard case .string(let text) = value else {
                throw BuiltinError("argument '\(name)' must be a list of strings; item \(position) is a \(value.typeName)")
            }
            return text
        }
    }

    /// A list of names (layer or weight names).
    func strings(_ name: String) throws -> [String] {
        try elements(name).map {
            guard case .string(let s) = $0 else { throw BuiltinError("argument '\(name)' must hold names (strings), got \(describeForError($0))") }
            return s
        }
    }
}

/// What is wrong with rows given as a matrix, so each built-in family words its own error.
enum MatrixRowsProblem: Error {
    case rowNotAList(row: Int, Value)
    case notANumber(row: Int, Value)
    case empty
    case ragged(row: Int, count: Int, width: Int)
}

/// Rows of numbers as a float64 matrix: the one parser behind every matrix argument. Throws only
/// what building the tensor throws (a matrix too large for memory).
func matrix(fromRows rows: [Value]) throws -> Result<Tensor, MatrixRowsProblem> {
    var numbers: [[Double]] = []
    numbers.reserveCapacity(rows.count)
    for (index, value) in rows.enumerated() {
        guard case .list(let list) = value else { return .failure(.rowNotAList(row: index, value)) }
        var row: [Double] = []
        row.reserveCapacity(list.items.count)
        for item in list.items {
            guard case .number(let number) = item else { return .failure(.notANumber(row: index, item)) }
            row.append(number)
        }
        numbers.append(row)
    }
    guard let width = numbers.first?.count else { return .failure(.empty) }
    if let bad = numbers.firstIndex(where: { $0.count != width }) {
        return .failure(.ragged(row: bad, count: numbers[bad].count, width: width))
    }
    return .success(try Tensor(rows: numbers))
}

extension BuiltinCall {
    /// A matrix given as a tensor or as a list of equally long lists of numbers.
    /// `describe` words the error for a list that is not one.
    func matrix(_ name: String, describe: (MatrixRowsProblem) -> BuiltinError) throws -> Tensor {
        if case .object(let object as TensorObject) = try value(name) { return object.tensor }
        switch try WWLibrary.matrix(fromRows: try elements(name)) {
        case .success(let tensor): return tensor
        case .failure(let problem): throw describe(problem)
        }
    }

    /// Class labels: a list of whole numbers or a vector tensor of them.
    func labels(_ name: String) throws -> [Int] {
        let given = try value(name)
        let numbers: [Double]
        if case .object(let object as TensorObject) = given, object.tensor.rank == 1 {
            numbers = object.tensor.doubleValues
        } else if case .list = given {
            numbers = try self.numbers(name)
        } else {
            throw fail(name, expected: "a list of class labels (whole numbers from 0)")
        }
        return try numbers.enumerated().map { position, x in
            guard x.isFinite, x == x.rounded(), abs(x) <= Double(Int32.max) else {
                throw BuiltinError("argument '\(name)' must hold whole numbers, but element \(position) is \(formatNumber(x))")
            }
            return Int(x)
        }
    }

    func optionalLabels(_ name: String) throws -> [Int]? {
        try isNil(name) ? nil : try labels(name)
    }
}
