/// ONNX's `TensorProto.DataType` codes (onnx.proto), with the storage type each is read as and
/// the repeated field that holds its values when they are not in `raw_data`.
struct ONNXDataType {
    /// `TensorProto` fields that can hold the values (onnx.proto's field numbers).
    enum ValueField: Int {
        case floatData = 4
        case int32Data = 5
        case int64Data = 7
        case doubleData = 10
        case uint64Data = 11

        /// Fixed-width fields (float, double) hold the values' little-endian bytes; the others
        /// hold varints, each cut to the element's width (two's complement, or a half's bits).
        var isFixedWidth: Bool { self == .floatData || self == .doubleData }

        var name: String {
            switch self {
            case .floatData: return "float_data"
            case .int32Data: return "int32_data"
            case .int64Data: return "int64_data"
            case .doubleData: return "double_data"
            case .uint64Data: return "uint64_data"
            }
        }
    }

    let code: UInt64
    let storage: StorageType
    let field: ValueField

    /// The types wwn reads, by code: every float, integer and boolean type that has a
    /// safetensors counterpart. FLOAT8E4M3FN is safetensors' F8_E4M3.
    static let known: [UInt64: (StorageType, ValueField)] = [
        1: (.float32, .floatData), 2: (.uint8, .int32Data), 3: (.int8, .int32Data),
        4: (.uint16, .int32Data), 5: (.int16, .int32Data), 6: (.int32, .int32Data),
        7: (.int64, .int64Data), 9: (.bool, .int32Data), 10: (.float16, .int32Data),
        11: (.float64, .doubleData), 12: (.uint32, .uint64Data), 13: (.uint64, .uint64Data),
        14: (.complex64, .floatData), 16: (.bfloat16, .int32Data),
        17: (.float8E4M3, .int32Data), 19: (.float8E5M2, .int32Data),
    ]

    /// ONNX's names of the types wwn does not read, for the error message.
    static let otherNames: [UInt64: String] = [
        0: "UNDEFINED", 8: "STRING", 15: "COMPLEX128", 18: "FLOAT8E4M3FNUZ", 20: "FLOAT8E5M2FNUZ",
        21: "UINT4", 22: "INT4", 23: "FLOAT4E2M1",
    ]

    init?(code: UInt64) {
        guard let (storage, field) = Self.known[code] else { return nil }
        self.code = code
        self.storage = storage
        self.field = field
    }

    /// "STRING (8)" or "unknown data_type 99", for errors.
    static func describe(code: UInt64) -> String {
        otherNames[code].map { "\($0) (\(code))" } ?? "unknown data_type \(code)"
    }
}
