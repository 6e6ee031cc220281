import Foundation

/// A directory as a model. With an index (`model.safetensors.index.json`, or
/// `pytorch_model.bin.index.json`) it is a sharded checkpoint; otherwise every model file in it
/// (by name order) contributes its tensors, a name that two files share being prefixed with
/// its file's name (`part1.safetensors:layer.weight`) so neither is lost.
enum ModelDirectory {
    static let indexNames = ["model.safetensors.index.json", "pytorch_model.bin.index.json"]
    static let modelExtensions: Set<String> = ["safetensors", "npy", "npz", "pt", "pth", "bin"]

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
        for (file, model) in zip(files, models) {
            for tensor in model.storedTensors {
                listing.tensors.append(counts[tensor.name, default: 0] > 1 ? tensor.renamed(file + ":" + tensor.name) : tensor)
            }
        }
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
        }
        return try ModelFile(path: displayPath, format: .sharded, listing: listing)
    }
}
