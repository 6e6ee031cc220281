import Foundation
import WWNumerics

extension ModelFile {
    /// Reads a tensor's rows (its first dimension) in blocks of at most `rows`, calling `body`
    /// with each block (shape `[k] + shape[1...]`, float32 for F32/F16/BF16, float64 for F64) and
    /// the index of its first row.
    ///
    /// Why: a set of embeddings larger than memory can be reduced block by block. The bytes of
    /// a block in a mapped file (.npy, .safetensors) are handed back to the system right after
    /// it is decoded, so the resident set holds one block whatever the tensor's size. A
    /// compressed .npz entry is inflated whole first (zip gives no random access).
    /// - Throws: ``ModelFormatError`` for an unknown name, a scalar, a non-floating-point type
    ///   or a layout that is not row-major (a Fortran-order .npy, a strided PyTorch view);
    ///   whatever `body` throws.
    public func forEachRowBlock(named name: String, rows blockRows: Int,
                                _ body: (_ block: Tensor, _ firstRow: Int) throws -> Void) throws {
        guard let entry = storedTensor(named: name) else {
            throw ModelFormatError(file: path, "has no tensor named '\(name)'; it holds \(weights.map { "'\($0.name)'" }.joined(separator: ", "))")
        }
        guard let rowCount = entry.shape.first else {
            throw ModelFormatError(file: path, "tensor '\(name)' is a scalar; it has no rows to read")
        }
        guard entry.strides == nil else {
            throw ModelFormatError(file: path, "tensor '\(name)' is not stored row by row (Fortran order or a strided view), so its rows cannot be streamed; save it in C order")
        }
        guard entry.blockType == nil else {
            throw ModelFormatError(file: path, "tensor '\(name)' is block-quantised (\(entry.info.storageType)); its rows cannot be streamed, read it whole")
        }
        guard let decoded = entry.type.decodedType else {
            throw ModelFormatError(file: path, "tensor '\(name)' holds \(entry.type.rawValue) values; only floating-point tensors (F64, F32, F16, BF16) can be read as numbers")
        }
        let rowElements = entry.shape.dropFirst().reduce(1, *)
        let width = entry.type.byteCount
        let step = max(1, blockRows)
        try entry.bytes.withBytes { raw in
            var start = 0
            while start < rowCount {
                let count = min(step, rowCount - start)
                let first = (entry.elementOffset + start * rowElements) * width
                let byteRange = first..<(first + count * rowElements * width)
                let block = UnsafeRawBufferPointer(rebasing: raw[byteRange])
                let elements = count * rowElements
                let shape = [count] + entry.shape.dropFirst()
                let tensor: Tensor
                do {
                    switch (entry.type, decoded) {
                    case (.float64, _):
                        tensor = try Tensor(shape: shape, values: (0..<elements).map {
                            Double(bitPattern: UInt64(littleEndian: block.loadUnaligned(fromByteOffset: $0 &* 8, as: UInt64.self)))
                        })
                    case (.float32, _):
                        var values = [Float](repeating: 0, count: elements)
                        values.withUnsafeMutableBytes { output in
                            output.copyMemory(from: block)
                        }
                        #if !_endian(little)
                        values = values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
                        #endif
                        tensor = try Tensor(shape: shape, values: values)
                    case (.float16, _):
                        tensor = try Tensor(shape: shape, values: (0..<elements).map {
                            HalfPrecision.float(fromHalf: UInt16(littleEndian: block.loadUnaligned(fromByteOffset: $0 &* 2, as: UInt16.self)))
                        })
                    default:
                        tensor = try Tensor(shape: shape, values: (0..<elements).map {
                            HalfPrecision.float(fromBFloat16: UInt16(littleEndian: block.loadUnaligned(fromByteOffset: $0 &* 2, as: UInt16.self)))
                        })
                    }
                } catch let error as NumericsError {
                    throw ModelFormatError(file: path, "tensor '\(name)': \(error)")
                }
                entry.bytes.release(byteRange)
                try body(tensor, start)
                start += count
            }
        }
    }
}
