/// Reads Keras checkpoints through libhdf5 (``HDF5File``), in the layer order Keras stores:
///
/// - **Legacy HDF5** (`model.save("m.h5")`, Keras 2's `save_weights("w.h5")`): the group
///   `model_weights` (or the root, for `save_weights`) lists its layers in the attribute
///   `layer_names` (`model.layers` order) and each layer group its weights in `weight_names`;
///   a weight's dataset is at `<layer>/<weight name>`.
/// - **Keras 3** (`model.weights.h5` inside a `.keras` zip, or `save_weights("x.weights.h5")`):
///   each layer's variables are datasets `layers/<key>/vars/0, 1, ...`, where the key is the
///   layer's class in snake case numbered per class (`dense`, `dense_1`, ...) in the order of the
///   model's layer list, which `config.json` keeps.
///
/// Tensors are named `<layer name>/<weight>`: `dense_1/kernel`, `conv2d/bias` (the layer's name
/// in the model, the weight's last path component without `:0`). Keras 3 files name no weights,
/// so known layer classes get Keras's names (``KerasVariableNames``) and others their index.
enum KerasReader {
    /// Attribute names of the legacy format; Keras splits a list longer than HDF5's 64 KB
    /// header limit into `layer_names0`, `layer_names1`, ...
    static let layerNamesAttribute = "layer_names"
    static let weightNamesAttribute = "weight_names"
    /// The group `model.save` writes weights under (absent in `save_weights` files).
    static let modelWeightsGroup = "model_weights"
    /// Most chunks of a split attribute list (each holds 64 KB of names).
    static let maxAttributeChunks = 100_000
    /// The weights entry of a `.keras` archive, and its model description.
    static let weightsEntry = "model.weights.h5"
    static let configEntry = "config.json"

    /// A legacy `.h5` file, or a Keras 3 `.weights.h5` (no config: layers in name order).
    static func read(_ file: HDF5File) throws -> TensorListing {
        let root = file.kind(at: modelWeightsGroup) == .group ? modelWeightsGroup : "/"
        if let layers = try chunkedStrings(file, layerNamesAttribute, of: root) {
            return try readLegacy(file, root: root, layers: layers)
        }
        if file.kind(at: "layers") == .group {
            return try readKeras3(file, config: nil)
        }
        throw ModelFormatError(file: file.path, "is an HDF5 file but not a Keras checkpoint: no '\(layerNamesAttribute)' attribute on '\(root)' and no 'layers' group")
    }

    /// The strings of `name`, or of `name0`, `name1`, ... when Keras split the list.
    static func chunkedStrings(_ file: HDF5File, _ name: String, of object: String) throws -> [String]? {
        if let whole = try file.strings(attribute: name, of: object) { return whole }
        var chunks: [String] = []
        var index = 0
        while index < maxAttributeChunks, let chunk = try file.strings(attribute: "\(name)\(index)", of: object) {
            chunks += chunk
            index += 1
        }
        return index == 0 ? nil : chunks
    }

    static func readLegacy(_ file: HDF5File, root: String, layers: [String]) throws -> TensorListing {
        var listing = TensorListing()
        var ids: [String: Int] = [:]
        let prefix = root == "/" ? "" : root + "/"
        for (index, layer) in layers.enumerated() {
            let group = prefix + layer
            guard file.kind(at: group) == .group else {
                throw ModelFormatError(file: file.path, "'\(layerNamesAttribute)' lists the layer '\(layer)' but there is no group '\(group)'")
            }
            let weights = try chunkedStrings(file, weightNamesAttribute, of: group) ?? []
            let names = tensorNames(layer: layer, weights: weights)
            for (weight, name) in zip(weights, names) {
                listing.tensors.append(try StoredTensor(hdf5: file, dataset: group + "/" + weight, name: name))
            }
            // WeightWatcher numbers `model.layers` from 0 and analyses each layer's first weight.
            if let first = names.first { ids[first] = index }
        }
        listing.weightWatcherIDs = ids
        return listing
    }

    /// `<layer>/<last component without :0>`, or the whole weight name where two would clash.
    static func tensorNames(layer: String, weights: [String]) -> [String] {
        let trimmed = weights.map { $0.hasSuffix(":0") ? String($0.dropLast(2)) : $0 }
        let short = trimmed.map { String($0.split(separator: "/").last ?? Substring($0)) }
        let unique = Set(short).count == short.count
        return (unique ? short : trimmed).map { layer + "/" + $0 }
    }

    /// One layer of a Keras 3 model as `config.json` describes it.
    struct LayerConfig {
        var className: String
        var name: String
        var config: OrderedJSON?
        /// Nested layers (a model used as a layer).
        var layers: [LayerConfig]
    }

    /// The weights of a Keras 3 file; `config` is the model's `config.json` (nil: layers in the
    /// file's name order, `keepsModuleOrder` false).
    static func readKeras3(_ file: HDF5File, config: OrderedJSON?) throws -> TensorListing {
        var listing = TensorListing()
        var ids: [String: Int] = [:]
        var visited: Set<String> = []
        if let config {
            let model = try modelConfig(config, file: file.path)
            try walk(file, group: "layers", layers: model.layers, namePrefix: "", listing: &listing, visited: &visited)
            // WeightWatcher's id is the index in `model.layers`, which for a Sequential model
            // leaves out the InputLayer its config lists.
            var position = 0
            for layer in model.layers where !(model.className == "Sequential" && layer.className == "InputLayer") {
                ids[layer.name] = position
                position += 1
            }
        }
        // Layers the config does not account for, in name order.
        for key in try file.members(of: "layers") ?? [] where !visited.contains(key) {
            let variables = try variableDatasets(file, "layers/" + key)
            if !variables.isEmpty { listing.keepsModuleOrder = false }
            for (i, dataset) in variables.enumerated() {
                listing.tensors.append(try StoredTensor(hdf5: file, dataset: dataset, name: "\(key)/\(i)"))
            }
        }
        if config == nil { listing.keepsModuleOrder = false }
        // Keyed by layer name above; the collection's ids are keyed by each layer's first tensor.
        listing.weightWatcherIDs = config == nil ? nil : firstTensorIDs(listing.tensors.map(\.name), layerIDs: ids)
        return listing
    }

    /// Each layer's first tensor mapped to the layer's id.
    static func firstTensorIDs(_ names: [String], layerIDs: [String: Int]) -> [String: Int] {
        var result: [String: Int] = [:]
        var seen: Set<String> = []
        for name in names {
            let layer = String(name[..<(name.lastIndex(of: "/") ?? name.endIndex)])
            guard let id = layerIDs[layer], seen.insert(layer).inserted else { continue }
            result[name] = id
        }
        return result
    }

    /// Walks the layers of one model level, each under `group/<key>`.
    static func walk(_ file: HDF5File, group: String, layers: [LayerConfig], namePrefix: String,
                     listing: inout TensorListing, visited: inout Set<String>) throws {
        var used: [String: Int] = [:]
        for layer in layers {
            var key = snakeCase(layer.className)
            if let n = used[key] {
                used[key] = n + 1
                key += "_\(n + 1)"
            } else {
                used[key] = 0
            }
            let path = group + "/" + key
            if group == "layers" { visited.insert(key) }
            guard file.kind(at: path) == .group else { continue }
            let variables = try variableDatasets(file, path)
            let names = KerasVariableNames.names(className: layer.className, config: layer.config, count: variables.count)
            for (dataset, weight) in zip(variables, names) {
                listing.tensors.append(try StoredTensor(hdf5: file, dataset: dataset, name: namePrefix + layer.name + "/" + weight))
            }
            if !layer.layers.isEmpty, file.kind(at: path + "/layers") == .group {
                try walk(file, group: path + "/layers", layers: layer.layers, namePrefix: namePrefix + layer.name + "/",
                         listing: &listing, visited: &visited)
            }
        }
    }

    /// `<group>/vars/0, 1, ...` in numeric order.
    static func variableDatasets(_ file: HDF5File, _ group: String) throws -> [String] {
        let members = try file.members(of: group + "/vars") ?? []
        let numbered = members.compactMap { name in Int(name).map { ($0, name) } }.sorted { $0.0 < $1.0 }
        guard numbered.count == members.count, numbered.map(\.0) == Array(0..<numbered.count) else {
            throw ModelFormatError(file: file.path, "group '\(group)/vars' holds \(members.prefix(5)) rather than variables numbered 0, 1, ...")
        }
        return numbered.map { group + "/vars/" + $0.1 }
    }

    /// Keras's `naming.to_snake_case` of a class name: `Conv2D` -> `conv2d`,
    /// `BatchNormalization` -> `batch_normalization`.
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name.filter { $0.isLetter || $0.isNumber || $0 == "_" })
        var result = ""
        for (i, c) in characters.enumerated() {
            if i > 0, c.isUppercase {
                let previous = characters[i - 1]
                let nextIsLower = i + 1 < characters.count && characters[i + 1].isLowercase
                // "(.)([A-Z][a-z]+)" then "([a-z])([A-Z])".
                if nextIsLower || previous.isLowercase { result.append("_") }
            }
            result.append(c)
        }
        return result.lowercased()
    }

    /// The model's class and layer list from `config.json`.
    static func modelConfig(_ json: OrderedJSON, file: String) throws -> LayerConfig {
        guard let model = layerConfig(json) else {
            throw ModelFormatError(file: file, "\(configEntry) is not a Keras model description (no 'class_name' and 'config')")
        }
        return model
    }

    static func layerConfig(_ json: OrderedJSON) -> LayerConfig? {
        guard case .string(let className)? = json["class_name"], let config = json["config"] else { return nil }
        var name = className
        if case .string(let given)? = config["name"] { name = given }
        var layers: [LayerConfig] = []
        if case .array(let items)? = config["layers"] { layers = items.compactMap(layerConfig) }
        return LayerConfig(className: className, name: name, config: config, layers: layers)
    }
}

extension OrderedJSON {
    /// The value of `key` in an object (the first, should it repeat); nil otherwise.
    subscript(key: String) -> OrderedJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}
