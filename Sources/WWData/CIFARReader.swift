import Foundation
import WWBase
import WWNumerics

/// The binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky, 2009): fixed-size records of
/// label byte(s) then 3072 pixel bytes, 1024 red, 1024 green, 1024 blue, each 32x32 row-major
/// (already channels-first).
public enum CIFARReader {
    public enum Variant: String, CaseIterable, Sendable {
        case cifar10, cifar100

        /// Label bytes per record: CIFAR-100 stores the coarse (superclass) label, then the fine one.
        var labelBytes: Int { self == .cifar10 ? 1 : 2 }
        var recordBytes: Int { labelBytes + CIFARReader.pixelBytes }
    }

    /// Which CIFAR-100 label to use: the 100 fine classes or the 20 coarse superclasses.
    public enum LabelKind: String, CaseIterable, Sendable { case fine, coarse }

    static let pixelBytes = 3 * 32 * 32
    /// The CIFAR-10 class names, used when `batches.meta.txt` is not beside the files.
    static let cifar10Names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

    /// The batch files of a split in an extracted archive directory (`cifar-10-batches-bin` or
    /// `cifar-100-binary`), and the variant they are.
    public static func files(inDirectory directory: String, split: String) throws -> (files: [String], variant: Variant) {
        let join = { (name: String) in (directory as NSString).appendingPathComponent(name) }
        let exists = { (name: String) in FileManager.default.fileExists(atPath: join(name)) }
        switch split {
        case "train" where exists("data_batch_1.bin"):
            return ((1...5).map { join("data_batch_\($0).bin") }.filter { FileManager.default.fileExists(atPath: $0) }, .cifar10)
        case "test" where exists("test_batch.bin"):
            return ([join("test_batch.bin")], .cifar10)
        case "train" where exists("train.bin"), "test" where exists("test.bin"):
            return ([join("\(split).bin")], .cifar100)
        case "train", "test":
            throw DataFileError(directory, "no CIFAR \(split) files here (CIFAR-10: data_batch_1.bin ... / test_batch.bin; CIFAR-100: train.bin / test.bin)")
        default:
            throw DatasetError.invalid("load_cifar: split must be \"train\" or \"test\", got \"\(split)\"")
        }
    }

    /// The variant a batch file is, from its name (`train.bin` and `test.bin` are CIFAR-100's).
    public static func variant(ofFile path: String) -> Variant {
        let name = (path as NSString).lastPathComponent
        return name == "train.bin" || name == "test.bin" ? .cifar100 : .cifar10
    }

    /// Class names from the metadata file beside `file`, if present (one name per line).
    static func classNames(besideFile file: String, variant: Variant, labels: LabelKind) throws -> [String]? {
        let directory = (file as NSString).deletingLastPathComponent
        let metadata: String
        switch variant {
        case .cifar10: metadata = "batches.meta.txt"
        case .cifar100: metadata = labels == .fine ? "fine_label_names.txt" : "coarse_label_names.txt"
        }
        let path = (directory as NSString).appendingPathComponent(metadata)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = String(decoding: try FileBytes.read(path), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The records of `files` in order, as one data set.
    public static func read(files: [String], variant: Variant, labels labelKind: LabelKind = .fine,
                            cancellation: Cancellation = .never) throws -> Dataset {
        guard let first = files.first else { throw DatasetError.invalid("load_cifar: no files given") }
        let classCount = variant == .cifar10 ? 10 : labelKind == .fine ? 100 : 20
        let names = try classNames(besideFile: first, variant: variant, labels: labelKind)
            ?? (variant == .cifar10 ? cifar10Names : (0..<classCount).map(String.init))
        guard names.count == classCount else {
            throw DataFileError(first, "the class-name file beside it lists \(names.count) names, \(variant.rawValue) \(labelKind.rawValue) labels need \(classCount)")
        }
        var pixels: [Float] = []
        var labels: [Int] = []
        for file in files {
            try cancellation.checkCancelled()
            let bytes = try FileBytes.read(file)
            let record = variant.recordBytes
            guard !bytes.isEmpty else { throw DataFileError(file, "the file is empty; a \(variant.rawValue) batch holds records of \(record) bytes") }
            guard bytes.count % record == 0 else {
                throw DataFileError(file, at: .byte(bytes.count - bytes.count % record),
                                    "size \(bytes.count) is not a multiple of the \(variant.rawValue) record size \(record) (\(variant.labelBytes) label byte\(variant.labelBytes == 1 ? "" : "s") + \(pixelBytes) pixels): the last record is truncated, or this is not a \(variant.rawValue) batch")
            }
            let records = bytes.count / record
            try DataLimits.checkSampleCount(labels.count + records, what: "load_cifar")
            try DataLimits.checkFloatAllocation((labels.count + records) * pixelBytes, what: "load_cifar")
            pixels.reserveCapacity((labels.count + records) * pixelBytes)
            for r in 0..<records {
                let start = r * record
                let labelOffset = start + (variant == .cifar100 && labelKind == .fine ? 1 : 0)
                let label = Int(bytes[labelOffset])
                guard label < classCount else {
                    throw DataFileError(file, at: .byte(labelOffset), "label \(label) of record \(r) is out of range 0..<\(classCount): not a \(variant.rawValue) batch file?")
                }
                labels.append(label)
                for byte in bytes[(start + variant.labelBytes)..<(start + record)] { pixels.append(Float(byte) / 255) }
            }
        }
        let features = try Tensor(shape: [labels.count, 3, 32, 32], values: pixels)
        return try Dataset(name: variant.rawValue, features: features, labels: labels, classNames: names)
    }
}

extension Dataset {
    /// CIFAR-10 or CIFAR-100 from an extracted binary archive directory (the `split`'s files)
    /// or from batch files (one path or several, concatenated in order). The variant comes from
    /// the file names unless given.
    public static func cifar(paths: [String], split: String = "train", labels: CIFARReader.LabelKind = .fine,
                             variant: CIFARReader.Variant? = nil, cancellation: Cancellation = .never) throws -> Dataset {
        guard let first = paths.first else { throw DatasetError.invalid("load_cifar: no path given") }
        var isDirectory: ObjCBool = false
        if paths.count == 1, FileManager.default.fileExists(atPath: first, isDirectory: &isDirectory), isDirectory.boolValue {
            let found = try CIFARReader.files(inDirectory: first, split: split)
            return try CIFARReader.read(files: found.files, variant: variant ?? found.variant, labels: labels, cancellation: cancellation)
        }
        return try CIFARReader.read(files: paths, variant: variant ?? CIFARReader.variant(ofFile: first), labels: labels,
                                    cancellation: cancellation)
    }
}
