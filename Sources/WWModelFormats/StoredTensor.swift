import Foundation
import WWNumerics

/// One tensor of a model file before its values are read: where its bytes are and how to walk
/// them. PyTorch tensors may be views (an offset into a shared storage, arbitrary strides) and
/// NumPy arrays may be in Fortran order, so the layout is general; plain row-major data takes
/// a fast path.
struct StoredTensor {
    /// The name, shape and stored type as the collection lists them.
    private(set) var info: WeightInfo
    let type: StorageType
    let bytes: TensorBytes
    /// The file named in errors.
    let file: String
    /// Index of the first element within `bytes`, in elements.
    let elementOffset: Int
    /// Step between neighbours along each dimension, in elements; nil for row-major order.
    let strides: [Int]?

    /// Checks that the layout stays inside the bytes, so reading can never go out of bounds.
    /// - Parameter what: how errors introduce the tensor (e.g. "tensor 'w' (storage '3')").
    init(name: String, shape: [Int], type: StorageType, bytes: TensorBytes, file: String,
         elementOffset: Int = 0, strides: [Int]? = nil, what: String? = nil) throws {
        let label = what ?? "tensor '\(name)'"
        guard shape.count <= ModelFormatLimits.maxRank else {
            throw ModelFormatError(file: file, "\(label) has \(shape.count) dimensions, more than the limit of \(ModelFormatLimits.maxRank)")
        }
        guard let count = checkedElementCount(shape) else {
            throw ModelFormatError(file: file, "\(label) has an invalid shape \(shape) (a negative dimension, or too many elements)")
        }
        if let strides, strides.count != shape.count {
            throw ModelFormatError(file: file, "\(label) has \(strides.count) strides for \(shape.count) dimensions")
        }
        guard elementOffset >= 0, strides?.allSatisfy({ $0 >= 0 }) ?? true else {
            throw ModelFormatError(file: file, "\(label) has a negative offset or stride")
        }
        // The furthest element the layout reaches, plus one.
        var extent = 0
        if count > 0 {
            extent = elementOffset
            for (dimension, size) in shape.enumerated() {
                let step = strides?[dimension] ?? shape[(dimension + 1)...].reduce(1, *)
                let (reach, overflow1) = (size - 1).multipliedReportingOverflow(by: step)
                let (sum, overflow2) = extent.addingReportingOverflow(reach)
                guard !overflow1, !overflow2 else { throw ModelFormatError(file: file, "\(label) has strides too large to address") }
                extent = sum
            }
            extent += 1
        }
        let (needed, overflow) = extent.multipliedReportingOverflow(by: type.byteCount)
        guard !overflow, needed <= bytes.byteCount else {
            let layout = strides.map { ", strides \($0), offset \(elementOffset)" } ?? (elementOffset > 0 ? ", offset \(elementOffset)" : "")
            throw ModelFormatError(file: file, "\(label) of shape \(shape)\(layout) as \(type.rawValue) needs \(overflow ? "more than Int.max" : String(needed)) bytes but its data holds \(bytes.byteCount)")
        }
        info = WeightInfo(name: name, shape: shape, storageType: type.rawValue)
        self.type = type
        self.bytes = bytes
        self.file = file
        self.elementOffset = elementOffset
        // Row-major strides are the fast path; spell them as nil.
        self.strides = strides == rowMajorStrides(shape) ? nil : strides
    }

    var name: String { info.name }
    var shape: [Int] { info.shape }

    func renamed(_ name: String) -> StoredTensor {
        var copy = self
        copy.info.name = name
        return copy
    }

    /// The values, converted to float32 (F32, F16, BF16) or float64 (F64); with `widening`,
    /// float64 whatever the stored type (exact: every float32, float16 and bfloat16 value is a
    /// float64 value), decoded straight from the file with no float32 array in between.
    func read(widening: Bool = false) throws -> Tensor {
        guard var decoded = type.decodedType else {
            throw ModelFormatError(file: file, "tensor '\(name)' holds \(type.rawValue) values; only floating-point tensors (F64, F32, F16, BF16) can be read as numbers")
        }
        if widening { decoded = .float64 }
        let count = shape.reduce(1, *)
        let (bytesNeeded, overflow) = count.multipliedReportingOverflow(by: decoded.byteCount)
        guard !overflow, bytesNeeded <= TensorLimits.maxAllocationBytes else {
            throw ModelFormatError(file: file, "tensor '\(name)' of shape \(shape) needs \(bytesNeeded) bytes as \(decoded.rawValue), more than the machine's \(TensorLimits.maxAllocationBytes) bytes of memory")
        }
        return try bytes.withBytes { raw in
            do {
                switch type {
                case .float32 where widening:
                    return try Tensor(shape: shape, values: gather(count) { Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 &* 4, as: UInt32.self)))) })
                case .float16 where widening:
                    return try Tensor(shape: shape, values: gather(count) { Double(HalfPrecision.float(fromHalf: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 &* 2, as: UInt16.self)))) })
                case .bfloat16 where widening:
                    return try Tensor(shape: shape, values: gather(count) { Double(HalfPrecision.float(fromBFloat16: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 &* 2, as: UInt16.self)))) })
                case .float64:
                    return try Tensor(shape: shape, values: gather(count) { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 &* 8, as: UInt64.self))) })
                case .float32:
                    if strides == nil, let values = contiguousFloats(raw, count) { return try Tensor(shape: shape, values: values) }
                    return try Tensor(shape: shape, values: gather(count) { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 &* 4, as: UInt32.self))) })
                case .float16:
                    return try Tensor(shape: shape, values: gather(count) { HalfPrecision.float(fromHalf: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 &* 2, as: UInt16.self))) })
                case .bfloat16:
                    return try Tensor(shape: shape, values: gather(count) { HalfPrecision.float(fromBFloat16: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 &* 2, as: UInt16.self))) })
                default:
                    throw ModelFormatError(file: file, "tensor '\(name)': \(type.rawValue) cannot be read as numbers")
                }
            } catch let error as NumericsError {
                throw ModelFormatError(file: file, "tensor '\(name)': \(error)")
            }
        }
    }

    /// Elements converted per step of a row-major read, after which the source pages are
    /// released: a layer's copy then never holds its whole mapped bytes alongside the array.
    static let releaseStepElements = 1 << 21

    /// Float32 row-major data copied block by block (the common case: a safetensors or .pt layer).
    private func contiguousFloats(_ raw: UnsafeRawBufferPointer, _ count: Int) -> [Float]? {
        #if _endian(little)
        guard count > 0, let base = raw.baseAddress else { return nil }
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let destination = buffer.baseAddress {
                for start in stride(from: 0, to: count, by: Self.releaseStepElements) {
                    let n = min(Self.releaseStepElements, count - start)
                    memcpy(destination + start, base + (elementOffset + start) * 4, n * 4)
                    bytes.release(((elementOffset + start) * 4)..<((elementOffset + start + n) * 4))
                }
            }
            initialized = count
        }
        #else
        return nil
        #endif
    }

    /// The elements in row-major order of `shape`, each loaded from its index in the storage.
    func gather<Element>(_ count: Int, _ load: (Int) -> Element) -> [Element] {
        guard count > 0 else { return [] }
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let destination = buffer.baseAddress else { return }
            if let strides {
                // An odometer over the dimensions, moving the source index by each stride.
                var index = [Int](repeating: 0, count: shape.count)
                var source = elementOffset
                for i in 0..<count {
                    (destination + i).initialize(to: load(source))
                    var dimension = shape.count - 1
                    while dimension >= 0 {
                        index[dimension] += 1
                        source += strides[dimension]
                        if index[dimension] < shape[dimension] { break }
                        source -= strides[dimension] * shape[dimension]
                        index[dimension] = 0
                        dimension -= 1
                    }
                }
            } else {
                let size = type.byteCount
                for start in stride(from: 0, to: count, by: Self.releaseStepElements) {
                    let end = min(start + Self.releaseStepElements, count)
                    for i in start..<end { (destination + i).initialize(to: load(elementOffset + i)) }
                    bytes.release(((elementOffset + start) * size)..<((elementOffset + end) * size))
                }
            }
            initialized = count
        }
    }
}

/// The product of a shape, or nil when a dimension is negative or the product overflows.
func checkedElementCount(_ shape: [Int]) -> Int? {
    var product = 1
    for dimension in shape {
        guard dimension >= 0 else { return nil }
        let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
        guard !overflow else { return nil }
        product = next
    }
    return product
}

/// The strides of a row-major (C order) array of `shape`.
func rowMajorStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var step = 1
    for dimension in shape.indices.reversed() {
        strides[dimension] = step
        step &*= max(shape[dimension], 1)
    }
    return strides
}
