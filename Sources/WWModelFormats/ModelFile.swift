import Foundation
import WWNumerics

/// The file formats `ModelFile.open` reads.
public enum ModelFormat: String, Sendable {
    case safetensors
    /// Several files listed by an index (`model.safetensors.index.json`, `pytorch_model.bin.index.json`).
    case sharded
    case numpy = "npy"
    case numpyArchive = "npz"
    case pytorch
    /// llama.cpp's GGUF (versions 2 and 3), quantised tensors dequantised on read.
    case gguf
    /// Keras's legacy HDF5 checkpoint (`model.save("m.h5")`, `save_weights`), or a Keras 3
    /// `.weights.h5`, read through libhdf5.
    case kerasHDF5 = "h5"
    /// A Keras 3 `.keras` zip (`config.json` and `model.weights.h5`).
    case keras
    /// An ONNX model (`torch.onnx.export`): the initializers of its graph, in graph order.
    case onnx
    /// A directory of model files.
    case directory
}

/// A model file (or directory) opened for reading: its tensors are listed at once, from the
/// headers alone, and each is read from disk only when asked for.
///
/// ```swift
/// let model = try ModelFile.open("model.safetensors")
/// for info in model.weights { let w = try model.tensor(named: info.name) ... }
/// ```
public final class ModelFile: WeightCollection {
    /// The path as given to `open`.
    public let path: String
    public let format: ModelFormat
    /// PyTorch and NumPy files keep the order they were written in; safetensors headers (and so
    /// sharded indexes and directories of them) are sorted by name, unless wwn wrote the file
    /// and recorded its module order in the metadata (``SafetensorsOrder``).
    public let listsTensorsInLayerOrder: Bool
    /// WeightWatcher 0.7.7's ids when it reads this file or directory from disk (safetensors in a
    /// directory: 0-based, sorted names or an index's weight_map); nil for PyTorch and NumPy files,
    /// which WeightWatcher reads as the state dict `torch.load` returns.
    public let weightWatcherLayerIDs: [String: Int]?
    /// Keras checkpoints hold convolution kernels as `(kh, kw, in, out)`.
    public var storesKerasKernelLayout: Bool { format == .keras || format == .kerasHDF5 }
    /// WeightWatcher numbers every initializer of an ONNX graph and analyses every one of rank 2
    /// or 4, integers included; exporters name folded weights without `.weight` (`onnx::Conv_19`).
    public var takesEveryTensorAsLayer: Bool { format == .onnx }
    /// Free-form metadata: safetensors `__metadata__`, or an index's `metadata`, in file order.
    public let metadata: [(key: String, value: String)]
    public let weights: [WeightInfo]
    private let stored: [String: StoredTensor]

    public var source: String { path }

    init(path: String, format: ModelFormat, listing: TensorListing) throws {
        guard listing.tensors.count <= ModelFormatLimits.maxTensorCount else {
            throw ModelFormatError(file: path, "lists \(listing.tensors.count) tensors, more than the limit of \(ModelFormatLimits.maxTensorCount)")
        }
        self.path = path
        self.format = format
        metadata = listing.metadata
        listsTensorsInLayerOrder = listing.keepsModuleOrder
        weightWatcherLayerIDs = listing.weightWatcherIDs
        weights = listing.tensors.map(\.info)
        var byName: [String: StoredTensor] = [:]
        for tensor in listing.tensors {
            guard byName.updateValue(tensor, forKey: tensor.name) == nil else {
                throw ModelFormatError(file: path, "lists the tensor '\(tensor.name)' twice")
            }
        }
        stored = byName
    }

    /// Opens a safetensors file, `.npy`, `.npz`, PyTorch checkpoint, GGUF file, Keras `.h5` or
    /// `.keras` checkpoint, ONNX model, sharded index, or a directory of these. The format is
    /// recognised from the file's first bytes, not its name, except ONNX (a protobuf has no
    /// signature), recognised by its `.onnx` extension.
    public static func open(_ path: String) throws -> ModelFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ModelFormatError(file: path, "no such file or directory")
        }
        if isDirectory.boolValue { return try ModelDirectory.open(path) }
        if path.hasSuffix(".index.json") { return try ShardedModel.open(indexPath: path, displayPath: path) }
        let file = try MappedFile(path: path)
        let bytes = file.bytes
        let ext = (path as NSString).pathExtension.lowercased()
        if bytes.starts(with: NumpyHeader.magic) || ext == "npy" {
            return try ModelFile(path: path, format: .numpy, listing: NumpyReader.readArray(file))
        }
        if bytes.starts(with: GGUFReader.magic) || ext == "gguf" {
            return try ModelFile(path: path, format: .gguf, listing: GGUFReader.read(file))
        }
        if bytes.starts(with: HDF5File.signature) || ["h5", "hdf5"].contains(ext) {
            let hdf5 = try HDF5File(path: path, byteCount: bytes.count)
            return try ModelFile(path: path, format: .kerasHDF5, listing: KerasReader.read(hdf5))
        }
        if ZipArchive.looksLikeZip(bytes) {
            let archive = try ZipArchive(file)
            if ext == "keras" || archive.entry(named: KerasReader.weightsEntry) != nil {
                return try ModelFile(path: path, format: .keras, listing: KerasReader.read(archive))
            }
            if archive.entries.contains(where: { TorchReader.isDataPickle($0.name) }) {
                return try ModelFile(path: path, format: .pytorch, listing: TorchReader.read(archive))
            }
            return try ModelFile(path: path, format: .numpyArchive, listing: NumpyReader.readArchive(archive))
        }
        if ext == "onnx" {
            return try ModelFile(path: path, format: .onnx, listing: ONNXReader.read(file))
        }
        if ext == "keras" { throw ModelFormatError(file: path, "is not a zip archive, so not a Keras .keras file (no zip signature at byte 0)") }
        if ext == "npz" { throw ModelFormatError(file: path, "is not a zip archive, so not an .npz file (no zip signature at byte 0)") }
        if ["pt", "pth", "bin", "ckpt"].contains(ext) {
            throw ModelFormatError(file: path, TorchReader.explainNonZip(bytes))
        }
        // safetensors has no magic; its header starts with an 8-byte length then '{'.
        if ext == "safetensors" || (bytes.count > 8 && bytes[8] == UInt8(ascii: "{")) {
            return try ModelFile(path: path, format: .safetensors, listing: SafetensorsReader.read(file))
        }
        throw ModelFormatError(file: path, "is not a recognised model file (safetensors, GGUF, .npy, .npz, a PyTorch zip checkpoint, a Keras .h5 or .keras file, or an .onnx model)")
    }

    /// The values of one tensor, read from disk now: float32 for F32/F16/BF16, float64 for F64.
    public func tensor(named name: String) throws -> Tensor {
        try entry(named: name).read()
    }

    /// The values of one tensor in float64, decoded from the file without a float32 copy (the
    /// spectral analysis's path: less memory and one pass fewer over a large layer).
    public func float64Tensor(named name: String) throws -> Tensor {
        try entry(named: name).read(widening: true)
    }

    private func entry(named name: String) throws -> StoredTensor {
        guard let tensor = stored[name] else {
            throw ModelFormatError(file: path, "has no tensor named '\(name)'\(suggestion(for: name))")
        }
        return tensor
    }

    /// The stored entry, for combining files (directories, shards).
    func storedTensor(named name: String) -> StoredTensor? { stored[name] }

    /// The stored entries in order.
    var storedTensors: [StoredTensor] { weights.compactMap { stored[$0.name] } }

    /// "; did you mean 'x'?" for a near miss, since layer names are long and easy to mistype.
    private func suggestion(for name: String) -> String {
        let lowered = name.lowercased()
        let close = weights.map(\.name).filter { $0.lowercased() == lowered || $0.hasSuffix("." + name) || $0.contains(name) }
        if let first = close.first { return "; did you mean '\(first)'?" }
        return " (it has \(weights.count) tensors)"
    }
}
