import Foundation
import WWNumerics

/// A directory as a model. With an index (`model.safetensors.index.json`, or
/// `pytorch_model.bin.index.json`) it is a sharded checkpoint; otherwise every model file in it
/// (by name order) contributes its tensors, a name that two files share being prefixed with
/// its file's name (`part1.safetensors:layer.weight`) so neither is lost.
enum ModelDirectory {
    static let indexNames = ["model.safetensors.index.json", "pytorch_model.bin.index.json"]
    static let modelExtensions: Set<String> = ["safetensors", "npy", "npz", "pt", "pth", "bin", "gguf", "h5", "keras", "onnx"]

    static func open(_ path: String) throws -> ModelFile {
        for index in indexNames {
            let indexPath = (path as NSString).appendingPathComponent(index)
            if FileManager.default.fileExists(atPath: indexPath) {
                return try ShardedModel.open(indexPath: indexPath, displayPath: path)
            }
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw ModelFormatError(file: path, "cannot list the directory: \(error.localizedDescription)")
        }
        // Regular files only: a subdirectory (or a link to one) would make the walk recursive.
        let files = names.filter { name in
            var isDirectory: ObjCBool = false
            let full = (path as NSString).appendingPathComponent(name)
            return modelExtensions.contains((name as NSString).pathExtension.lowercased()) && !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted { [UInt8].precedes($0, $1) }
        guard !files.isEmpty else {
            throw ModelFormatError(file: path, "holds no model files (\(modelExtensions.sorted().map { "." + $0 }.joined(separator: ", ")))")
        }
        let models = try files.map { try ModelFile.open((path as NSString).appendingPathComponent($0)) }
        var counts: [String: Int] = [:]
        for model in models { for info in model.weights { counts[info.name, default: 0] += 1 } }
        var listing = TensorListing()
        var perFile: [[String]] = []
        for (file, model) in zip(files, models) {
            var names: [String] = []
            for tensor in model.storedTensors {
                let listed = counts[tensor.name, default: 0] > 1 ? tensor.renamed(file + ":" + tensor.name) : tensor
                listing.tensors.append(listed)
                names.append(listed.name)
            }
            perFile.append(model.format == .safetensors ? names.sorted { [UInt8].precedes($0, $1) } : names)
        }
        // Files one after another keep module order only if each file does (shards in order).
        listing.keepsModuleOrder = models.allSatisfy(\.listsTensorsInLayerOrder)
        listing.weightWatcherIDs = WeightWatcherStateDict.directoryIDs(perFile)
        return try ModelFile(path: path, format: .directory, listing: listing)
    }
}

/// A checkpoint split over shards by an index whose `weight_map` maps each tensor to its file.
/// Tensors are listed in `weight_map` order, which is the order WeightWatcher numbers layers by
/// (each shard's own header is sorted by name). A tensor a shard holds but the index does not
/// list is left out, as the loaders of sharded checkpoints do.
enum ShardedModel {
    static func open(indexPath: String, displayPath: String) throws -> ModelFile {
        let indexFile = try MappedFile(path: indexPath)
        guard indexFile.size <= ModelFormatLimits.maxIndexBytes else {
            throw ModelFormatError(file: indexPath, "is \(indexFile.size) bytes, more than the limit of \(ModelFormatLimits.maxIndexBytes) for an index")
        }
        let json: OrderedJSON
        do {
            json = try OrderedJSON.parse(indexFile.bytes)
        } catch let error as OrderedJSON.SyntaxError {
            throw ModelFormatError(file: indexPath, "invalid JSON at byte \(error.offset): \(error.reason)")
        }
        guard case .object(let members) = json else { throw ModelFormatError(file: indexPath, "is \(json.kind), not a JSON object") }
        guard case .object(let weightMap)? = members.first(where: { $0.key == "weight_map" })?.value else {
            throw ModelFormatError(file: indexPath, "has no 'weight_map' object mapping tensor names to shard files")
        }
        var metadata: [(key: String, value: String)] = []
        if case .object(let fields)? = members.first(where: { $0.key == "metadata" })?.value {
            for (key, value) in fields {
                switch value {
                case .string(let s): metadata.append((key, s))
                case .integer(let n): metadata.append((key, String(n)))
                case .number(let x): metadata.append((key, String(x)))
                default: continue
                }
            }
        }
        let directory = (indexPath as NSString).deletingLastPathComponent
        var shards: [String: ModelFile] = [:]
        var listing = TensorListing(metadata: metadata)
        var shardOf: [String: String] = [:]
        for (name, value) in weightMap {
            guard case .string(let shardName) = value else {
                throw ModelFormatError(file: indexPath, "weight_map['\(name)'] is \(value.kind), not a file name")
            }
            guard !shardName.isEmpty, !shardName.hasPrefix("/"), !shardName.split(separator: "/").contains("..") else {
                throw ModelFormatError(file: indexPath, "weight_map['\(name)'] names '\(shardName)', which is outside the index's directory")
            }
            let shard: ModelFile
            if let open = shards[shardName] { shard = open } else {
                let shardPath = (directory as NSString).appendingPathComponent(shardName)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: shardPath, isDirectory: &isDirectory) else {
                    throw ModelFormatError(file: indexPath, "weight_map['\(name)'] names the shard '\(shardName)', which does not exist")
                }
                // A shard is one file: a directory or another index could lead back here.
                guard !isDirectory.boolValue, !shardName.hasSuffix(".index.json") else {
                    throw ModelFormatError(file: indexPath, "weight_map['\(name)'] names '\(shardName)', which is not a single model file")
                }
                shard = try ModelFile.open(shardPath)
                shards[shardName] = shard
            }
            guard let tensor = shard.storedTensor(named: name) else {
                throw ModelFormatError(file: indexPath, "weight_map lists '\(name)' in '\(shardName)', but that shard has no such tensor")
            }
            listing.tensors.append(tensor)
            shardOf[name] = shardName
        }
        arrangeForWeightWatcher(&listing, shardOf: shardOf, shards: shards)
        return try ModelFile(path: displayPath, format: .sharded, listing: listing)
    }
}

extension ShardedModel {
    /// WeightWatcher 0.7.7 reads a sharded safetensors checkpoint by its index: the weight_map's
    /// names grouped by shard (shards in name order), numbered from 0, and a sharded `.bin`
    /// checkpoint shard by shard in each pickle's order, with its start-id accumulation (see
    /// `WeightWatcherStateDict.directoryIDs`). PyTorch shards keep module order within each shard
    /// and are written in module order, so they are listed that way; safetensors shards are not.
    static func arrangeForWeightWatcher(_ listing: inout TensorListing, shardOf: [String: String], shards: [String: ModelFile]) {
        let files = shards.keys.sorted { [UInt8].precedes($0, $1) }
        let names = listing.tensors.map(\.name)
        if shards.values.allSatisfy({ $0.format == .pytorch }) {
            let position = Dictionary(uniqueKeysWithValues: files.enumerated().flatMap { fileIndex, file in
                (shards[file]?.weights ?? []).enumerated().map { ($1.name, (fileIndex, $0)) }
            })
            listing.tensors.sort { (position[$0.name] ?? (0, 0)) < (position[$1.name] ?? (0, 0)) }
            let listed = Set(names)
            listing.weightWatcherIDs = WeightWatcherStateDict.directoryIDs(files.map { file in
                (shards[file]?.weights ?? []).map(\.name).filter { listed.contains($0) }
            })
            listing.keepsModuleOrder = true
        } else {
            let layerMap = files.flatMap { file in names.filter { shardOf[$0] == file } }
            listing.weightWatcherIDs = WeightWatcherStateDict.ids(layerMap, start: 0)
            listing.keepsModuleOrder = false
        }
    }
}

/// What a directory holds, for tools that take many models (`wwn analyze DIR`): one model, or
/// one model per entry.
public enum ModelDirectoryContents {
    /// The shard naming of `save_pretrained` and WeightWatcher (`model-00001-of-00003.safetensors`):
    /// a name whose stem ends in `-<digits>-of-<digits>`.
    static func isShardName(_ name: String) -> Bool {
        let parts = (name as NSString).deletingPathExtension.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4 else { return false }
        let tail = parts.suffix(3)
        let isNumber: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        return isNumber(tail[tail.startIndex]) && tail[tail.startIndex + 1] == "of" && isNumber(tail[tail.startIndex + 2])
    }

    /// The paths of the models in `directory`: the directory itself when it holds one model (an
    /// index of shards, a Hugging Face layout with `config.json`, a single model file, or shards
    /// named `*-NNNNN-of-NNNNN.*`), otherwise each model file and each sub-directory holding a
    /// model, in name order (a folder of training checkpoints).
    /// - Throws: `ModelFormatError` when the directory cannot be listed or holds no model.
    public static func models(in directory: String) throws -> [String] {
        let fm = FileManager.default
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: directory) } catch {
            throw ModelFormatError(file: directory, "cannot list the directory: \(error.localizedDescription)")
        }
        if names.contains(where: { ModelDirectory.indexNames.contains($0) || $0 == "config.json" }) { return [directory] }
        var files: [String] = []
        var subdirectories: [String] = []
        for name in names.sorted(by: { [UInt8].precedes($0, $1) }) where !name.hasPrefix(".") {
            let full = (directory as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: full, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if holdsModel(full) { subdirectories.append(full) }
            } else if ModelDirectory.modelExtensions.contains((name as NSString).pathExtension.lowercased()) {
                files.append(name)
            }
        }
        if subdirectories.isEmpty {
            if files.count == 1 || (!files.isEmpty && files.allSatisfy(isShardName)) { return [directory] }
        }
        let entries = files.map { (directory as NSString).appendingPathComponent($0) } + subdirectories
        guard !entries.isEmpty else {
            throw ModelFormatError(file: directory, "holds no model files (\(ModelDirectory.modelExtensions.sorted().map { "." + $0 }.joined(separator: ", "))) and no model sub-directories")
        }
        return entries.sorted { [UInt8].precedes($0, $1) }
    }

    /// Whether a sub-directory holds a model itself (one level down only: a checkpoint folder).
    private static func holdsModel(_ path: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return false }
        return names.contains { name in
            ModelDirectory.indexNames.contains(name) || name == "config.json"
                || (!name.hasPrefix(".") && ModelDirectory.modelExtensions.contains((name as NSString).pathExtension.lowercased()))
        }
    }
}
