/// One ONNX `TensorProto` (an initializer): its name, dims, data type and where its values are,
/// read from the wire format and checked against each other before anything is listed.
///
/// Values are in `raw_data` (what exporters write: little-endian bytes, read in place), or in the
/// repeated field of the type (`float_data`, `int32_data`, ...; onnx's helper writes these).
/// Values in an external file are refused, as are tensors split into segments.
struct ONNXTensorProto {
    /// onnx.proto's `TensorProto` field numbers.
    enum FieldNumber {
        static let dims = 1
        static let dataType = 2
        static let segment = 3
        static let name = 8
        static let rawData = 9
        static let externalData = 13
        static let dataLocation = 14
    }
    /// `data_location` of values kept in another file.
    static let externalLocation: UInt64 = 1
    /// `StringStringEntryProto`'s fields: external data's `location` names the file.
    static let entryKey = 1
    static let entryValue = 2

    var name = ""
    var dims: [Int] = []
    var dataTypeCode: UInt64 = 0
    var rawData: Range<Int>?
    /// Runs of values in each repeated value field, by field number.
    var valueRuns: [Int: [(range: Range<Int>, wireType: ProtobufReader.WireType)]] = [:]
    var externalLocation: String?
    var isExternal = false
    var segmentOffset: Int?
    /// Where the message starts, for errors.
    let offset: Int

    init(_ message: ProtobufReader, offset: Int) throws {
        self.offset = offset
        var reader = message
        while let field = try reader.nextField() {
            switch field.number {
            case FieldNumber.dims:
                try readDims(field, reader)
            case FieldNumber.dataType:
                try expect(field, .varint, "data_type", reader)
                dataTypeCode = field.integer
            case FieldNumber.name:
                try expect(field, .lengthDelimited, "name", reader)
                name = reader.text(of: field)
            case FieldNumber.rawData:
                try expect(field, .lengthDelimited, "raw_data", reader)
                rawData = field.value
            case FieldNumber.segment:
                segmentOffset = field.offset
            case FieldNumber.dataLocation:
                try expect(field, .varint, "data_location", reader)
                isExternal = isExternal || field.integer == Self.externalLocation
            case FieldNumber.externalData:
                try expect(field, .lengthDelimited, "external_data", reader)
                isExternal = true
                var entry = reader.message(in: field)
                var key = "", value = ""
                while let part = try entry.nextField() {
                    guard part.wireType == .lengthDelimited else { continue }
                    if part.number == Self.entryKey { key = entry.text(of: part) }
                    if part.number == Self.entryValue { value = entry.text(of: part) }
                }
                if key == "location" { externalLocation = value }
            case let number where ONNXDataType.ValueField(rawValue: number) != nil:
                valueRuns[number, default: []].append((field.value, field.wireType))
            default:
                continue
            }
        }
    }

    private func expect(_ field: ProtobufReader.Field, _ wireType: ProtobufReader.WireType, _ what: String, _ reader: ProtobufReader) throws {
        guard field.wireType == wireType else {
            throw reader.error(at: field.offset, "initializer '\(name)': \(what) has the wrong protobuf encoding (damaged file?)")
        }
    }

    /// `dims` is a repeated int64, packed (one length-delimited run) or one varint per field.
    private mutating func readDims(_ field: ProtobufReader.Field, _ reader: ProtobufReader) throws {
        var values: [UInt64] = []
        switch field.wireType {
        case .varint:
            values = [field.integer]
        case .lengthDelimited:
            var packed = reader.message(in: field)
            while packed.offset < packed.end {
                guard values.count <= ModelFormatLimits.maxRank else { break }
                values.append(try packed.varint())
            }
        default:
            try expect(field, .varint, "dims", reader)
        }
        for value in values {
            guard dims.count < ModelFormatLimits.maxRank else {
                throw reader.error(at: field.offset, "initializer '\(name)' has more than \(ModelFormatLimits.maxRank) dimensions")
            }
            // int64 on the wire: a negative dimension is a huge unsigned varint.
            guard value <= UInt64(Int.max) else {
                throw reader.error(at: field.offset, "initializer '\(name)' has a negative dimension \(Int64(bitPattern: value))")
            }
            dims.append(Int(value))
        }
    }

    /// The stored tensor, its values checked to fill exactly the declared shape.
    func storedTensor(in file: MappedFile) throws -> StoredTensor {
        let label = "initializer '\(name)' (at byte \(offset))"
        func failure(_ message: String) -> ModelFormatError { ModelFormatError(file: file.path, "\(label) \(message)") }
        if isExternal {
            let location = externalLocation.map { " ('\($0)')" } ?? ""
            throw failure("keeps its values in an external file\(location); wwn reads only ONNX files that hold their weights (onnx.save_model(model, path, save_as_external_data=False), below 2 GB)")
        }
        if let segmentOffset {
            throw failure("is split into segments (field at byte \(segmentOffset)), which wwn does not read")
        }
        guard let type = ONNXDataType(code: dataTypeCode) else {
            throw failure("is stored as \(ONNXDataType.describe(code: dataTypeCode)), which wwn cannot read (it reads FLOAT, FLOAT16, BFLOAT16, DOUBLE, the integer types and BOOL)")
        }
        guard let count = checkedElementCount(dims) else {
            throw failure("has a shape \(dims) with more elements than Int.max")
        }
        let bytes: TensorBytes
        if let rawData {
            guard valueRuns.isEmpty else { throw failure("has both raw_data and typed values") }
            let (needed, overflow) = count.multipliedReportingOverflow(by: type.storage.byteCount)
            guard !overflow, needed == rawData.count else {
                throw failure("of shape \(dims) as \(type.storage.rawValue) needs \(overflow ? "more than Int.max" : String(needed)) bytes but its raw_data holds \(rawData.count) (truncated or damaged?)")
            }
            bytes = MappedRegion(file: file, range: rawData)
        } else {
            bytes = try typedValues(type, count: count, file: file, failure: failure)
        }
        return try StoredTensor(name: name, shape: dims, type: type.storage, bytes: bytes, file: file.path, what: label)
    }

    /// The values of the type's repeated field, which must hold exactly `count` elements.
    private func typedValues(_ type: ONNXDataType, count: Int, file: MappedFile, failure: (String) -> ModelFormatError) throws -> TensorBytes {
        if let other = valueRuns.keys.first(where: { $0 != type.field.rawValue }), let misplaced = ONNXDataType.ValueField(rawValue: other) {
            throw failure("holds \(type.storage.rawValue) values in \(misplaced.name), where ONNX keeps them in \(type.field.name)")
        }
        let runs = valueRuns[type.field.rawValue] ?? []
        let field = type.field
        var held = 0
        if field.isFixedWidth {
            let width = field == .floatData ? 4 : 8
            let expected: ProtobufReader.WireType = width == 4 ? .fixed32 : .fixed64
            var bytes = 0
            for run in runs {
                guard run.wireType == expected || run.wireType == .lengthDelimited, run.range.count % width == 0 else {
                    throw failure("has a \(field.name) run of \(run.range.count) bytes, not whole \(width)-byte values")
                }
                bytes += run.range.count
            }
            guard bytes % type.storage.byteCount == 0 else {
                throw failure("has \(bytes) bytes of \(field.name), not whole \(type.storage.rawValue) values")
            }
            held = bytes / type.storage.byteCount
        } else {
            for run in runs {
                guard run.wireType == .varint || run.wireType == .lengthDelimited,
                      let n = ProtobufReader.varintCount(in: run.range, of: file.bytes) else {
                    throw failure("has a damaged \(field.name) run at bytes \(run.range)")
                }
                held += n
            }
        }
        guard held == count else {
            throw failure("of shape \(dims) needs \(count) values but its \(field.name) holds \(held)")
        }
        if runs.count == 1, field.isFixedWidth, let run = runs.first {
            return MappedRegion(file: file, range: run.range)
        }
        return ProtobufValues(file: file, runs: runs.map(\.range), varints: !field.isFixedWidth, elementBytes: type.storage.byteCount, count: count)
    }
}
