import CHDF5File

/// One HDF5 dataset as a tensor source: its header is checked when the file is opened, its
/// values are read (and converted by libhdf5) only when the tensor is.
final class HDF5DatasetBytes: TensorBytes {
    let file: HDF5File
    let dataset: String
    let type: HDF5File.MemoryType
    let byteCount: Int

    init(file: HDF5File, dataset: String, type: HDF5File.MemoryType, byteCount: Int) {
        self.file = file
        self.dataset = dataset
        self.type = type
        self.byteCount = byteCount
    }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        let values = try file.read(dataset, as: type, byteCount: byteCount)
        return try values.withUnsafeBytes(body)
    }

    /// The converted copy is freed as a whole when the read ends.
    func release(_ range: Range<Int>) {}
}

extension StoredTensor {
    /// The dataset at `dataset` of `file` as tensor `name`, after checking its header: a numeric
    /// class, at most ``ModelFormatLimits/maxRank`` dimensions, and a declared size that the
    /// file can hold (uncompressed: exactly its stored bytes; compressed: at most
    /// ``ModelFormatLimits/maxDeflateRatio`` times them) and that is under
    /// ``ModelFormatLimits/maxHDF5DatasetBytes``. Floats are read as float32 (16- and 32-bit)
    /// or float64; integers as int64, so the analysis lists and skips them.
    init(hdf5 file: HDF5File, dataset: String, name: String) throws {
        let info = try file.datasetInfo(dataset)
        let label = "dataset '\(dataset)'"
        guard Int(info.rank) <= ModelFormatLimits.maxRank else {
            throw ModelFormatError(file: file.path, "\(label) has \(info.rank) dimensions, more than the limit of \(ModelFormatLimits.maxRank)")
        }
        var shape: [Int] = []
        withUnsafeBytes(of: info.dims) { raw in
            for i in 0..<Int(info.rank) { shape.append(Int(clamping: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))) }
        }
        let memoryType: HDF5File.MemoryType
        let storage: StorageType
        switch Int(info.element_class) {
        case Int(WWN_H5_FLOAT) where [2, 4].contains(info.element_size):
            (memoryType, storage) = (.float32, .float32)
        case Int(WWN_H5_FLOAT) where info.element_size == 8:
            (memoryType, storage) = (.float64, .float64)
        case Int(WWN_H5_INTEGER) where (1...8).contains(info.element_size):
            (memoryType, storage) = (.int64, .int64)
        default:
            throw ModelFormatError(file: file.path, "\(label) holds \(info.element_size)-byte \(info.element_class == WWN_H5_FLOAT ? "floats" : "non-numeric values (strings, compounds, references)"), which wwn cannot read as weights")
        }
        guard let count = checkedElementCount(shape) else {
            throw ModelFormatError(file: file.path, "\(label) declares the shape \(shape), more elements than Int.max")
        }
        let (stored, overflow1) = count.multipliedReportingOverflow(by: info.element_size)
        let (converted, overflow2) = count.multipliedReportingOverflow(by: memoryType.byteCount)
        guard !overflow1, !overflow2, converted <= ModelFormatLimits.maxHDF5DatasetBytes else {
            throw ModelFormatError(file: file.path, "\(label) declares the shape \(shape), \(overflow2 ? "more than Int.max" : String(converted)) bytes to read, more than the limit of \(ModelFormatLimits.maxHDF5DatasetBytes)")
        }
        let storageSize = Int(clamping: info.storage_size)
        if info.filter_count == 0 {
            guard stored <= file.byteCount, storageSize == stored || count == 0 else {
                throw ModelFormatError(file: file.path, "\(label) declares the shape \(shape) (\(stored) bytes) but the file stores \(storageSize) bytes for it (file of \(file.byteCount) bytes; truncated or lying shape?)")
            }
        } else {
            let (bound, overflow) = storageSize.multipliedReportingOverflow(by: ModelFormatLimits.maxDeflateRatio)
            guard overflow || stored <= bound else {
                throw ModelFormatError(file: file.path, "\(label) declares the shape \(shape) (\(stored) bytes) but its compressed data holds \(storageSize) bytes, which no filter expands that far")
            }
        }
        let bytes = HDF5DatasetBytes(file: file, dataset: dataset, type: memoryType, byteCount: converted)
        try self.init(name: name, shape: shape, type: storage, bytes: bytes, file: file.path, what: "\(label) (tensor '\(name)')")
    }
}
