import WWNumerics

/// The IDX format of MNIST and Fashion-MNIST (LeCun et al.): two zero bytes, a type code, the
/// number of dimensions, each dimension as a big-endian UInt32, then the values big-endian in
/// row-major order. Files may be gzipped.
public enum IDXReader {
    /// One IDX array: its dimensions and values (as read, not rescaled; float32 because data
    /// sets hold float32 features, and halving the memory of a 60,000-image file matters).
    public struct Array {
        public let shape: [Int]
        public let values: [Float]
        /// Whether the values were unsigned bytes (pixels 0...255 or labels).
        public let isUnsignedBytes: Bool
    }

    /// Bytes per value of each type code.
    static let typeSizes: [UInt8: Int] = [0x08: 1, 0x09: 1, 0x0B: 2, 0x0C: 4, 0x0D: 4, 0x0E: 8]

    public static func read(_ path: String) throws -> Array {
        // The header is read first and its dimensions checked, so a small gzipped file that
        // declares (or holds) gigabytes is refused before the data is inflated, and no more than
        // the declared bytes (plus one, to notice extra data) are ever inflated.
        let header = try FileBytes.read(path, prefix: 4 + 4 * DataLimits.maxIDXRank)
        guard let expected = try declaredBytes(header, path: path) else { return try parse(header, path: path) }
        return try parse(try FileBytes.read(path, prefix: expected + 1), path: path)
    }

    /// The file size the header declares (header and values), checked against the limits;
    /// nil when the header itself is bad (`parse` then says why).
    static func declaredBytes(_ bytes: [UInt8], path: String) throws -> Int? {
        guard bytes.count >= 4, bytes[0] == 0, bytes[1] == 0, let size = typeSizes[bytes[2]] else { return nil }
        let rank = Int(bytes[3])
        guard rank >= 1, rank <= DataLimits.maxIDXRank, bytes.count >= 4 + 4 * rank else { return nil }
        let shape = (0..<rank).map { Int(bigEndian(bytes, at: 4 + 4 * $0, size: 4)) }
        let (count, overflow) = shape.reduce((1, false)) { acc, d in
            let (p, o) = acc.0.multipliedReportingOverflow(by: d)
            return (p, acc.1 || o)
        }
        guard !overflow, count <= DataLimits.maxIDXBytes / size else {
            throw DataFileError(path, at: .byte(4), "IDX dimensions \(shape) declare more than the limit of \(DataLimits.maxIDXBytes) bytes of values")
        }
        try DataLimits.checkFloatAllocation(count, what: "the IDX values of \(shape)")
        return 4 + 4 * rank + count * size
    }

    static func parse(_ bytes: [UInt8], path: String) throws -> Array {
        guard bytes.count >= 4 else {
            throw DataFileError(path, at: .byte(bytes.count), "truncated IDX header: \(bytes.count) bytes, an IDX file starts with 4")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw DataFileError(path, at: .byte(0), "bad IDX magic number: it must start with two zero bytes, found \(hex(bytes[0])) \(hex(bytes[1])) (gunzipped files start 00 00 08 ...)")
        }
        let type = bytes[2]
        guard let size = typeSizes[type] else {
            throw DataFileError(path, at: .byte(2), "unknown IDX type code \(hex(type)) (expected 08, 09, 0B, 0C, 0D or 0E)")
        }
        let rank = Int(bytes[3])
        guard rank >= 1, rank <= DataLimits.maxIDXRank else {
            throw DataFileError(path, at: .byte(3), "IDX files of data sets have 1 to \(DataLimits.maxIDXRank) dimensions, this header says \(rank)")
        }
        let headerBytes = 4 + 4 * rank
        guard bytes.count >= headerBytes else {
            throw DataFileError(path, at: .byte(bytes.count), "truncated IDX header: \(rank) dimensions need \(headerBytes) bytes, the file has \(bytes.count)")
        }
        let shape = (0..<rank).map { Int(bigEndian(bytes, at: 4 + 4 * $0, size: 4)) }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= DataLimits.maxFileBytes else {
                throw DataFileError(path, at: .byte(4), "IDX dimensions \(shape) are too large to be real")
            }
            count = product
        }
        let expected = headerBytes + count * size
        guard bytes.count >= expected else {
            throw DataFileError(path, at: .byte(bytes.count), "truncated IDX data: dimensions \(shape) need \(expected) bytes, the file has \(bytes.count)")
        }
        guard bytes.count == expected else {
            throw DataFileError(path, at: .byte(expected), "\(bytes.count - expected == 1 ? "more" : "\(bytes.count - expected)") bytes after the data that dimensions \(shape) declare: the dimensions do not match the file")
        }
        var values = [Float](repeating: 0, count: count)
        var offset = headerBytes
        for i in 0..<count {
            let raw = bigEndian(bytes, at: offset, size: size)
            switch type {
            case 0x08: values[i] = Float(raw)
            case 0x09: values[i] = Float(Int8(truncatingIfNeeded: raw))
            case 0x0B: values[i] = Float(Int16(truncatingIfNeeded: raw))
            case 0x0C: values[i] = Float(Int32(truncatingIfNeeded: raw))
            case 0x0D: values[i] = Float(bitPattern: UInt32(truncatingIfNeeded: raw))
            default: values[i] = Float(Double(bitPattern: raw))
            }
            offset += size
        }
        if type >= 0x0D, let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw DataFileError(path, at: .byte(headerBytes + bad * size), "value \(bad) is not finite")
        }
        return Array(shape: shape, values: values, isUnsignedBytes: type == 0x08)
    }

    static func bigEndian(_ bytes: [UInt8], at offset: Int, size: Int) -> UInt64 {
        var value: UInt64 = 0
        for k in 0..<size { value = value << 8 | UInt64(bytes[offset + k]) }
        return value
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}

extension Dataset {
    /// An image set from an IDX images file and an IDX labels file (MNIST, Fashion-MNIST;
    /// gzipped or not). Unsigned-byte images `[n, h, w]` become `[n, 1, h, w]` in [0, 1]
    /// (divided by 255); `[n, c, h, w]` is kept; `[n, d]` is a set of vectors. Other value types
    /// are kept unscaled. Class names are `classNames`, or "0", "1", ... up to the largest label.
    public static func idx(images imagesPath: String, labels labelsPath: String, classNames: [String]? = nil) throws -> Dataset {
        let images = try IDXReader.read(imagesPath)
        let labelArray = try IDXReader.read(labelsPath)
        guard labelArray.shape.count == 1 else {
            throw DataFileError(labelsPath, at: .byte(3), "a labels file has 1 dimension, this one has shape \(labelArray.shape)")
        }
        guard images.shape[0] == labelArray.shape[0] else {
            throw DataFileError(labelsPath, at: .byte(4), "\(labelArray.shape[0]) labels but \(imagesPath) has \(images.shape[0]) images")
        }
        try DataLimits.checkSampleCount(images.shape[0], what: imagesPath)
        var labels: [Int] = []
        labels.reserveCapacity(labelArray.values.count)
        for (i, value) in labelArray.values.enumerated() {
            guard value >= 0, value == value.rounded(), value < Float(DataLimits.maxClasses) else {
                throw DataFileError(labelsPath, at: .byte(8 + i), "label \(i) is \(value), not a class number in 0..<\(DataLimits.maxClasses)")
            }
            labels.append(Int(value))
        }
        let names = classNames ?? (0...(labels.max() ?? 0)).map(String.init)
        if let bad = labels.firstIndex(where: { $0 >= names.count }) {
            throw DataFileError(labelsPath, at: .byte(8 + bad), "label \(labels[bad]) of sample \(bad) is out of range for \(names.count) class names")
        }
        var shape = images.shape
        if shape.count == 3 { shape.insert(1, at: 1) }
        let features = try Tensor(shape: shape, values: images.isUnsignedBytes ? images.values.map { $0 / 255 } : images.values)
        return try Dataset(name: fileStem(imagesPath), features: features, labels: labels, classNames: names)
    }

    /// A file's name without directories and extensions (`train-images-idx3-ubyte.gz` ->
    /// `train-images-idx3-ubyte`), for naming data sets.
    static func fileStem(_ path: String) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        for suffix in [".gz", ".csv", ".tsv", ".txt", ".bin"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        return name
    }
}
