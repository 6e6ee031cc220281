/// A dense n-dimensional array of Float32 or Float64 values in row-major (C) order.
///
/// Why an enum storage rather than a generic `Tensor<Element>`: the interpreter holds tensors of
/// either type in one value slot and decides the element type at run time (from a file header),
/// so a single concrete type is simpler for every caller than a generic plus a type-erased box.
/// Routines that care about speed switch on ``storage`` once and then work on a typed buffer.
///
/// `Tensor` is a value type with copy-on-write storage (Swift arrays), so passing it around is
/// cheap and mutation never affects other copies.
public struct Tensor: Equatable, Sendable {
    /// The typed, row-major element buffer.
    public enum Storage: Equatable, Sendable {
        case float32([Float])
        case float64([Double])
    }

    /// The length of each dimension, outermost first. `[]` is a scalar (one element).
    public internal(set) var shape: [Int]
    /// The elements in row-major order; `storage`'s count always equals ``count``.
    public internal(set) var storage: Storage

    /// Creates a float64 tensor from row-major values.
    /// - Throws: ``NumericsError/invalidShape(_:reason:)`` or ``NumericsError/countMismatch(shape:count:)``.
    public init(shape: [Int], values: [Double]) throws {
        let count = try Tensor.elementCount(of: shape)
        guard count == values.count else {
            throw NumericsError.countMismatch(shape: shape, count: values.count)
        }
        self.shape = shape
        self.storage = .float64(values)
    }

    /// Creates a float32 tensor from row-major values.
    ///
    /// Overloaded on the element type like the float64 initialiser, so a bare literal
    /// (`values: [1, 2]`) is a compile-time ambiguity: write `[1, 2] as [Double]`. (A generic
    /// overload would resolve literals to float64 but doubles type-checking time for every
    /// call with a closure argument, and made some fail to type-check at all.)
    /// - Throws: ``NumericsError/invalidShape(_:reason:)`` or ``NumericsError/countMismatch(shape:count:)``.
    public init(shape: [Int], values: [Float]) throws {
        let count = try Tensor.elementCount(of: shape)
        guard count == values.count else {
            throw NumericsError.countMismatch(shape: shape, count: values.count)
        }
        self.shape = shape
        self.storage = .float32(values)
    }

    /// Creates a rank-1 float64 tensor.
    public init(_ vector: [Double]) {
        self.shape = [vector.count]
        self.storage = .float64(vector)
    }

    /// Creates a rank-1 float32 tensor.
    public init(_ vector: [Float]) {
        self.shape = [vector.count]
        self.storage = .float32(vector)
    }

    /// Internal initialiser for routines that already guarantee `count == product(shape)`.
    init(uncheckedShape shape: [Int], storage: Storage) {
        self.shape = shape
        self.storage = storage
    }

    /// The element type of ``storage``.
    public var elementType: ElementType {
        switch storage {
        case .float32: return .float32
        case .float64: return .float64
        }
    }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// Total number of elements (the product of ``shape``; 1 for a scalar).
    public var count: Int {
        switch storage {
        case .float32(let values): return values.count
        case .float64(let values): return values.count
        }
    }

    /// The elements as a contiguous row-major `[Double]` (exact for float32 sources).
    public var doubleValues: [Double] {
        switch storage {
        case .float32(let values): return values.map(Double.init)
        case .float64(let values): return values
        }
    }

    /// The elements as a contiguous row-major `[Float]` (rounded to nearest for float64 sources).
    public var floatValues: [Float] {
        switch storage {
        case .float32(let values): return values
        case .float64(let values): return values.map(Float.init)
        }
    }

    /// Whether every element is finite (no NaN or infinity).
    public var isFinite: Bool {
        switch storage {
        case .float32(let values): return values.allSatisfy { $0.isFinite }
        case .float64(let values): return values.allSatisfy { $0.isFinite }
        }
    }

    /// The element count of `shape`, validating that no dimension is negative and that the
    /// product does not overflow.
    static func elementCount(of shape: [Int]) throws -> Int {
        var product = 1
        for dimension in shape {
            guard dimension >= 0 else {
                throw NumericsError.invalidShape(shape, reason: "dimension \(dimension) is negative")
            }
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw NumericsError.invalidShape(shape, reason: "element count overflows Int")
            }
            product = next
        }
        return product
    }
}

extension Tensor: CustomStringConvertible {
    /// A short summary such as `Tensor<float32>[768, 3072]`; never prints the values, since
    /// weight tensors hold millions of them.
    public var description: String {
        "Tensor<\(elementType.rawValue)>[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
