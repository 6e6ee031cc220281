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
    /// A GGUF tensor's ggml type: its row-major bytes are blocks decoded by this type, and
    /// `type` is unused.
    let blockType: GGMLType?

    /// A GGUF tensor whose `bytes` the reader has already sized for `shape` in `blockType`.
    init(name: String, shape: [Int], blockType: GGMLType, bytes: TensorBytes, file: String) throws {
        guard let count = checkedElementCount(shape), count % blockType.blockSize == 0,
              bytes.byteCount == count / blockType.blockSize * blockType.blockBytes else {
            throw ModelFormatError(file: file, "tensor '\(name)' of shape \(shape) does not fill its \(bytes.byteCount) bytes of \(blockType.name) blocks")
        }
        info = WeightInfo(name: name, shape: shape, storageType: blockType.name)
        type = .uint8
        self.bytes = bytes
        self.file = file
        elementOffset = 0
        strides = nil
        self.blockType = blockType
    }

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
        blockType = nil
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
        if let blockType { return try readBlocks(blockType, widening: widening) }
        if type.isInteger { return try readIntegers() }
        guard var decoded = type.decodedType else {
            throw ModelFormatError(file: file, "tensor '\(name)' holds \(type.rawValue) values; only floating-point, integer and boolean tensors can be read as numbers")
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

    /// Integer and boolean tensors (labels, token ids, masks) as float64, which holds every
    /// integer up to 2^53 exactly; a 64-bit value beyond that is refused, never rounded.
    private func readIntegers() throws -> Tensor {
        let count = shape.reduce(1, *)
        let (bytesNeeded, overflow) = count.multipliedReportingOverflow(by: 8)
        guard !overflow, bytesNeeded <= TensorLimits.maxAllocationBytes else {
            throw ModelFormatError(file: file, "tensor '\(name)' of shape \(shape) needs \(overflow ? "more than Int.max" : String(bytesNeeded)) bytes as float64, more than the machine's \(TensorLimits.maxAllocationBytes) bytes of memory")
        }
        var inexact: Int?
        let values: [Double] = try bytes.withBytes { raw in
            func at<T: FixedWidthInteger>(_ i: Int, _: T.Type) -> T { T(littleEndian: raw.loadUnaligned(fromByteOffset: i &* MemoryLayout<T>.size, as: T.self)) }
            switch type {
            case .int8: return gather(count) { Double(at($0, Int8.self)) }
            case .uint8: return gather(count) { Double(at($0, UInt8.self)) }
            case .bool: return gather(count) { at($0, UInt8.self) == 0 ? 0 : 1 }
            case .int16: return gather(count) { Double(at($0, Int16.self)) }
            case .uint16: return gather(count) { Double(at($0, UInt16.self)) }
            case .int32: return gather(count) { Double(at($0, Int32.self)) }
            case .uint32: return gather(count) { Double(at($0, UInt32.self)) }
            case .int64:
                return gather(count) { i in
                    let v = at(i, Int64.self)
                    if v.magnitude > StorageType.maxExactInteger, inexact == nil { inexact = i }
                    return Double(v)
                }
            case .uint64:
                return gather(count) { i in
                    let v = at(i, UInt64.self)
                    if v > StorageType.maxExactInteger, inexact == nil { inexact = i }
                    return Double(v)
                }
            default: throw ModelFormatError(file: file, "tensor '\(name)': \(type.rawValue) is not an integer type")
            }
        }
        if let inexact {
            throw ModelFormatError(file: file, "tensor '\(name)' holds \(type.rawValue) values beyond 2^53 (element \(inexact) in storage order), which float64 cannot hold exactly")
        }
        do { return try Tensor(shape: shape, values: values) } catch let error as NumericsError {
            throw ModelFormatError(file: file, "tensor '\(name)': \(error)")
        }
    }

    /// A GGUF tensor decoded block by block into float32 (exactly `gguf.quants.dequantize`),
    /// widened to float64 on request (exact). Widening decodes ``decodeStepBlocks`` blocks at a
    /// time into a small float32 buffer, so a layer never holds a float32 copy beside its float64
    /// values: the 32000 x 2048 Q4_K embedding of a 1.1B Llama peaked at 838 MB whole, above
    /// the safetensors path's 596 MB for the same model.
    private func readBlocks(_ blockType: GGMLType, widening: Bool) throws -> Tensor {
        let count = shape.reduce(1, *)
        let (bytesNeeded, overflow) = count.multipliedReportingOverflow(by: widening ? 8 : 4)
        guard !overflow, bytesNeeded <= TensorLimits.maxAllocationBytes else {
            throw ModelFormatError(file: file, "tensor '\(name)' of shape \(shape) needs \(overflow ? "more than Int.max" : String(bytesNeeded)) bytes decoded, more than the machine's \(TensorLimits.maxAllocationBytes) bytes of memory")
        }
        do {
            guard widening else {
                let values = try bytes.withBytes { raw in
                    [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                        blockType.decode(raw, count: count, into: buffer)
                        initialized = count
                    }
                }
                return try Tensor(shape: shape, values: values)
            }
            let values = try bytes.withBytes { raw in
                [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                    let step = Self.decodeStepBlocks * blockType.blockSize
                    var scratch = [Float](repeating: 0, count: min(step, count))
                    var start = 0
                    while start < count {
                        let length = min(step, count - start)
                        let firstByte = start / blockType.blockSize * blockType.blockBytes
                        let source = UnsafeRawBufferPointer(rebasing: raw[firstByte...])
                        scratch.withUnsafeMutableBufferPointer { blockType.decode(source, count: length, into: $0) }
                        for i in 0..<length { buffer[start + i] = Double(scratch[i]) }
                        start += length
                    }
                    initialized = count
                }
            }
            return try Tensor(shape: shape, values: values)
        } catch let error as NumericsError {
            throw ModelFormatError(file: file, "tensor '\(name)': \(error)")
        }
    }

    /// Blocks decoded per step when widening a GGUF tensor: 4096 blocks are 1 Mi values of a
    /// K-quant (4 MB of float32 scratch), small beside a layer and large enough that the step's
    /// overhead does not show.
    static let decodeStepBlocks = 4096

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
