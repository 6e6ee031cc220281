import WWNumerics

/// Image samples kept as bytes until a batch needs floats: the storage of image data sets read
/// from disk. Pixel `b` stands for `b / 255` (torchvision's `ToTensor`), so the floats a consumer
/// gets are exactly those of a float32 data set, at a quarter of the memory: 20,000 images of
/// 3 x 32 x 32 hold 61 MB here, 246 MB as float32 (and 492 MB as float64).
public struct PixelBytes: Sendable {
    /// `[count] + sampleShape`, as the features tensor it stands for.
    public let shape: [Int]
    /// Row-major bytes, one per element.
    public let bytes: [UInt8]

    /// - Throws: ``DatasetError/invalid(_:)`` unless `bytes` holds exactly the elements of `shape`
    ///   (a leading sample dimension and at least one more).
    public init(shape: [Int], bytes: [UInt8]) throws {
        guard shape.count >= 2, shape.allSatisfy({ $0 >= 0 }) else {
            throw DatasetError.invalid("pixel bytes need a sample dimension and a sample shape, got \(shape)")
        }
        let (product, overflow) = shape.reduce((1, false)) { partial, side in
            let (value, flag) = partial.0.multipliedReportingOverflow(by: side)
            return (value, partial.1 || flag)
        }
        guard !overflow, product == bytes.count else {
            throw DatasetError.invalid("pixel bytes of shape \(shape) need \(overflow ? "more than Int.max" : String(product)) bytes, got \(bytes.count)")
        }
        self.shape = shape
        self.bytes = bytes
    }

    /// The float of each byte value, `Float(b) / 255` as the image renderer divides.
    static let unitFloats: [Float] = (0...255).map { Float($0) / 255 }

    /// Elements of one sample.
    public var sampleWidth: Int { shape.dropFirst().reduce(1, *) }

    /// The features as a float32 tensor (allocates four bytes per pixel).
    public var tensor: Tensor {
        var values = [Float](repeating: 0, count: bytes.count)
        values.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            writeFloats(from: 0, count: bytes.count, into: base)
        }
        do {
            return try Tensor(shape: shape, values: values)
        } catch {
            preconditionFailure("PixelBytes: the shape was checked against the bytes at construction (\(error))")
        }
    }

    /// Writes the floats of elements `start ..< start + count` into `output`.
    public func writeFloats(from start: Int, count: Int, into output: UnsafeMutablePointer<Float>) {
        precondition(start >= 0 && count >= 0 && start + count <= bytes.count, "PixelBytes.writeFloats: range outside the bytes")
        Self.unitFloats.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { source in
                for i in 0..<count { output[i] = table[Int(source[start + i])] }
            }
        }
    }

    /// Writes the floats of samples `rows` (in that order) one after another into `output`.
    public func writeSamples(_ rows: [Int], into output: UnsafeMutablePointer<Float>) {
        let width = sampleWidth
        for (slot, row) in rows.enumerated() { writeFloats(from: row * width, count: width, into: output + slot * width) }
    }

    /// The samples at `indices` (validated by the caller), in that order.
    func gathered(_ indices: [Int]) -> PixelBytes {
        let width = sampleWidth
        var result: [UInt8] = []
        result.reserveCapacity(indices.count * width)
        for index in indices { result.append(contentsOf: bytes[(index * width)..<((index + 1) * width)]) }
        return PixelBytes(unchecked: [indices.count] + shape.dropFirst(), result)
    }

    /// The same bytes under another shape with the same element count.
    func reshaped(_ newShape: [Int]) -> PixelBytes {
        precondition(newShape.reduce(1, *) == bytes.count, "PixelBytes.reshaped: element count differs")
        return PixelBytes(unchecked: newShape, bytes)
    }

    /// These samples followed by `other`'s (same sample shape, checked by the caller).
    func joined(with other: PixelBytes) -> PixelBytes {
        PixelBytes(unchecked: [shape[0] + other.shape[0]] + shape.dropFirst(), bytes + other.bytes)
    }

    private init(unchecked shape: [Int], _ bytes: [UInt8]) {
        self.shape = shape
        self.bytes = bytes
    }
}
