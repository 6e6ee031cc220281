/// The element types of GGUF tensors (ggml's `ggml_type`) that wwn reads, with their block
/// layouts. Quantised types store blocks of `blockSize` values in `blockBytes` bytes; decoding
/// follows the `gguf` Python package's `gguf.quants.dequantize` operation by operation in
/// float32 (no fused multiply-add), so the values are the same bits.
enum GGMLType: UInt32, CaseIterable {
    case f32 = 0, f16 = 1, q4_0 = 2, q4_1 = 3, q5_0 = 6, q5_1 = 7, q8_0 = 8
    case q2_K = 10, q3_K = 11, q4_K = 12, q5_K = 13, q6_K = 14
    case bf16 = 30

    /// ggml's names for the types wwn does not decode, for the error that names them.
    static let otherNames: [UInt32: String] = [
        9: "Q8_1", 15: "Q8_K", 16: "IQ2_XXS", 17: "IQ2_XS", 18: "IQ3_XXS", 19: "IQ1_S", 20: "IQ4_NL", 21: "IQ3_S",
        22: "IQ2_S", 23: "IQ4_XS", 24: "I8", 25: "I16", 26: "I32", 27: "I64", 28: "F64", 29: "IQ1_M", 34: "TQ1_0",
        35: "TQ2_0", 39: "MXFP4",
    ]

    /// The super-block of the K-quants.
    static let superBlock = 256

    var name: String {
        switch self {
        case .f32: return "F32"
        case .f16: return "F16"
        case .bf16: return "BF16"
        case .q4_0: return "Q4_0"
        case .q4_1: return "Q4_1"
        case .q5_0: return "Q5_0"
        case .q5_1: return "Q5_1"
        case .q8_0: return "Q8_0"
        case .q2_K: return "Q2_K"
        case .q3_K: return "Q3_K"
        case .q4_K: return "Q4_K"
        case .q5_K: return "Q5_K"
        case .q6_K: return "Q6_K"
        }
    }

    var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16: return 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0: return 32
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K: return Self.superBlock
        }
    }

    var blockBytes: Int {
        switch self {
        case .f32: return 4
        case .f16, .bf16: return 2
        case .q4_0: return 18
        case .q4_1: return 20
        case .q5_0: return 22
        case .q5_1: return 24
        case .q8_0: return 34
        case .q2_K: return 84
        case .q3_K: return 110
        case .q4_K: return 144
        case .q5_K: return 176
        case .q6_K: return 210
        }
    }

    /// Decodes `count` values (a whole number of blocks) from `raw` into `out`.
    func decode(_ raw: UnsafeRawBufferPointer, count: Int, into out: UnsafeMutableBufferPointer<Float>) {
        let blocks = count / blockSize
        for block in 0..<blocks {
            let b = UnsafeRawBufferPointer(rebasing: raw[(block * blockBytes)..<((block + 1) * blockBytes)])
            let y = UnsafeMutableBufferPointer(rebasing: out[(block * blockSize)..<((block + 1) * blockSize)])
            decodeBlock(b, y)
        }
    }

    private func decodeBlock(_ b: UnsafeRawBufferPointer, _ y: UnsafeMutableBufferPointer<Float>) {
        func half(_ offset: Int) -> Float { HalfPrecision.float(fromHalf: UInt16(littleEndian: b.loadUnaligned(fromByteOffset: offset, as: UInt16.self))) }
        func byte(_ offset: Int) -> UInt8 { b[offset] }
        switch self {
        case .f32: y[0] = Float(bitPattern: UInt32(littleEndian: b.loadUnaligned(as: UInt32.self)))
        case .f16: y[0] = half(0)
        case .bf16: y[0] = HalfPrecision.float(fromBFloat16: UInt16(littleEndian: b.loadUnaligned(as: UInt16.self)))
        case .q8_0:
            let d = half(0)
            for j in 0..<32 { y[j] = Float(Int8(bitPattern: byte(2 + j))) * d }
        case .q4_0:
            let d = half(0)
            for j in 0..<16 {
                y[j] = d * Float(Int(byte(2 + j) & 0x0F) - 8)
                y[j + 16] = d * Float(Int(byte(2 + j) >> 4) - 8)
            }
        case .q4_1:
            let d = half(0), m = half(2)
            for j in 0..<16 {
                y[j] = d * Float(byte(4 + j) & 0x0F) + m
                y[j + 16] = d * Float(byte(4 + j) >> 4) + m
            }
        case .q5_0, .q5_1:
            let hasMin = self == .q5_1
            let d = half(0), m = hasMin ? half(2) : 0
            let base = hasMin ? 4 : 2
            let qh = UInt32(littleEndian: b.loadUnaligned(fromByteOffset: base, as: UInt32.self))
            for j in 0..<32 {
                let low = j < 16 ? byte(base + 4 + j) & 0x0F : byte(base + 4 + j - 16) >> 4
                let q = Int(low) | Int((qh >> UInt32(j)) & 1) << 4
                y[j] = hasMin ? d * Float(q) + m : d * Float(q - 16)
            }
        case .q2_K:
            let d = half(80), dmin = half(82)
            for f in 0..<256 {
                let scale = byte(f / 16)
                let q = (byte(16 + 32 * (f / 128) + f % 32) >> UInt8(2 * ((f % 128) / 32))) & 3
                y[f] = (d * Float(scale & 0x0F)) * Float(q) - dmin * Float(scale >> 4)
            }
        case .q3_K:
            let d = half(108)
            var scales = [Float](repeating: 0, count: 16)
            for i in 0..<16 {
                let low = i < 8 ? byte(96 + i) & 0x0F : byte(96 + i - 8) >> 4
                let high = (byte(104 + i % 4) >> UInt8(2 * (i / 4))) & 3
                scales[i] = d * Float(Int8(bitPattern: low | high << 4) &- 32)
            }
            for f in 0..<256 {
                let low = (byte(32 + 32 * (f / 128) + f % 32) >> UInt8(2 * ((f % 128) / 32))) & 3
                let high = ((byte(f % 32) >> UInt8(f / 32)) & 1) ^ 1
                y[f] = scales[f / 16] * Float(Int8(bitPattern: low) &- Int8(bitPattern: high << 2))
            }
        case .q4_K, .q5_K:
            let d = half(0), dmin = half(2)
            let (sc, mn) = kScaleMin(b, at: 4)
            let qsBase = self == .q4_K ? 16 : 48
            for f in 0..<256 {
                let sub = f / 32
                var q = (byte(qsBase + 32 * (sub / 2) + f % 32) >> UInt8(4 * (sub % 2))) & 0x0F
                if self == .q5_K { q |= ((byte(16 + f % 32) >> UInt8(sub)) & 1) << 4 }
                y[f] = (d * Float(sc[sub])) * Float(q) - dmin * Float(mn[sub])
            }
        case .q6_K:
            let d = half(208)
            for f in 0..<256 {
                let h = f / 128, r = f % 128
                let low = (byte(64 * h + r % 64) >> UInt8(4 * (r / 64))) & 0x0F
                let high = (byte(128 + 32 * h + r % 32) >> UInt8(2 * (r / 32))) & 3
                let q = Int8(bitPattern: low | high << 4) &- 32
                y[f] = (d * Float(Int8(bitPattern: byte(192 + f / 16)))) * Float(q)
            }
        }
    }

    /// The eight 6-bit scales and mins of a Q4_K/Q5_K block, packed in 12 bytes.
    private func kScaleMin(_ b: UnsafeRawBufferPointer, at offset: Int) -> ([UInt8], [UInt8]) {
        var sc = [UInt8](repeating: 0, count: 8), mn = [UInt8](repeating: 0, count: 8)
        for i in 0..<4 {
            let d = b[offset + i], m = b[offset + 4 + i], md = b[offset + 8 + i]
            sc[i] = d & 0x3F
            mn[i] = m & 0x3F
            sc[i + 4] = (md & 0x0F) | ((d >> 2) & 0x30)
            mn[i + 4] = (md >> 4) | ((m >> 2) & 0x30)
        }
        return (sc, mn)
    }
}
