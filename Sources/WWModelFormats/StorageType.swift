import WWNumerics

/// The element type of a tensor as a file stores it, named as safetensors names them.
///
/// Integer and boolean tensors appear in real checkpoints (BatchNorm's `num_batches_tracked`,
/// token ids, masks) and as data (label files); their values read as float64 (exact up to 2^53),
/// but the spectral analysis never takes them for layers: a spectrum of a counter means nothing
/// (except in an ONNX graph, whose integer matrices WeightWatcher analyses: quantized weights).
public enum StorageType: String, CaseIterable, Sendable {
    case float64 = "F64"
    case float32 = "F32"
    case float16 = "F16"
    case bfloat16 = "BF16"
    case float8E4M3 = "F8_E4M3"
    case float8E5M2 = "F8_E5M2"
    case int64 = "I64"
    case int32 = "I32"
    case int16 = "I16"
    case int8 = "I8"
    case uint64 = "U64"
    case uint32 = "U32"
    case uint16 = "U16"
    case uint8 = "U8"
    case bool = "BOOL"
    case complex64 = "C64"

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .float64, .int64, .uint64, .complex64: return 8
        case .float32, .int32, .uint32: return 4
        case .float16, .bfloat16, .int16, .uint16: return 2
        case .float8E4M3, .float8E5M2, .int8, .uint8, .bool: return 1
        }
    }

    /// The type its values are read as, or nil when they cannot be analysed. Half precision
    /// widens to float32 exactly; float64 stays float64 so no precision is lost.
    public var decodedType: ElementType? {
        switch self {
        case .float64: return .float64
        case .float32, .float16, .bfloat16: return .float32
        default: return nil
        }
    }

    /// Integer and boolean types: read as float64 (labels, token ids, masks), never analysed.
    public var isInteger: Bool {
        switch self {
        case .int64, .int32, .int16, .int8, .uint64, .uint32, .uint16, .uint8, .bool: return true
        default: return false
        }
    }

    /// The largest integer magnitude every float64 holds exactly (2^53).
    static let maxExactInteger: UInt64 = 1 << 53

    /// The type of a tensor holding `type`'s values.
    public init(_ type: ElementType) {
        self = type == .float64 ? .float64 : .float32
    }
}

/// Half-precision conversions done on the bits, so they work on every platform (Swift's
/// `Float16` is missing on Intel Macs) and are exact: every half and bfloat16 value is a float32.
enum HalfPrecision {
    static func float(fromHalf bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa × 2^-24.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | (mantissa << 13))
        }
    }

    static func float(fromBFloat16 bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }
}
