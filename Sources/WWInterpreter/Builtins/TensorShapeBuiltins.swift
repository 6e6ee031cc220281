import WWNumerics

/// Shape changes, outer products and reductions along an axis.
extension Registry {
    func defineTensorShapes() {
        define("reshape(t, shape) -> tensor", category: "Tensors", methodOf: ["tensor"],
               doc: "The same values in row-major order under a new shape, a list of whole numbers; one of them may be -1, inferred from the count (`t.reshape([2, -1])`).") { call in
            let t = try call.tensor("t")
            let shape = try call.list("shape").items.map { item -> Int in
                guard case .number(let x) = item, x == x.rounded(), abs(x) <= Double(TensorShapeLimits.largestDimension) else {
                    throw BuiltinError("argument 'shape' must hold whole numbers, got \(describeForError(item))")
                }
                return Int(x)
            }
            return .object(TensorObject(try t.reshaped(shape)))
        }
        define("transpose(t) -> tensor", category: "Tensors", methodOf: ["tensor"],
               doc: "The transpose of a matrix (the same as `t.T`, which gives nil for other ranks; this is an error).") { call in
            .object(TensorObject(try call.tensor("t").transposed()))
        }
        define("outer(a, b) -> tensor", category: "Tensors",
               doc: "The outer product of two vectors: the matrix with `a[i] * b[j]` at row i, column j.") { call in
            .object(TensorObject(try Tensor.outer(try call.tensor("a"), try call.tensor("b"))))
        }
        // Methods only: the global sum, mean, min and max keep their signatures (lists, variadic values).
        for reduction in TensorReduction.allCases {
            let what: String
            switch reduction {
            case .sum: what = "The sum (compensated)"
            case .mean: what = "The mean"
            case .max: what = "The largest value (nan if any is nan)"
            case .min: what = "The smallest value (nan if any is nan)"
            }
            define("\(reduction.rawValue)(t, axis = nil) -> value", category: "Tensors", methodOf: ["tensor"], global: false,
                   doc: "\(what) of a tensor's values: a number, or with `axis` a tensor with that axis removed (`m.\(reduction.rawValue)(axis: 0)` reduces down the columns; -1 is the last axis).") { call in
                let t = try call.tensor("t")
                let axis = try call.optionalInteger("axis", in: -TensorShapeLimits.largestRank...TensorShapeLimits.largestRank)
                let result = try t.reduced(reduction, axis: axis)
                return result.rank == 0 ? .number(result.doubleValues[0]) : .object(TensorObject(result))
            }
        }
    }
}

/// Limits on shapes and axes read from a script.
enum TensorShapeLimits {
    /// Largest dimension a reshape accepts before the tensor's own count check; Int() traps on a
    /// larger Double, and no tensor has more elements than Int32.max squared.
    static let largestDimension = 1 << 52
    /// Largest axis magnitude read; far above any real rank, and the tensor names the real bound.
    static let largestRank = 1_000
}
