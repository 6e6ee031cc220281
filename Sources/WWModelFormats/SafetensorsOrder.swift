/// The module order of a safetensors file's tensors, which the format itself does not keep
/// (its header is a JSON object that every writer sorts by name). wwn records the order it
/// saved the tensors in as a JSON list of names under one `__metadata__` key, so a network
/// saved by wwn reads back with the layer ids it had in memory; other readers ignore the key.
enum SafetensorsOrder {
    static let metadataKey = "wwn.tensor_order"

    static func encoded(_ names: [String]) -> String {
        "[" + names.map(OrderedJSON.quoted).joined(separator: ",") + "]"
    }

    /// The names in recorded order, or nil when the key is absent, is not a JSON list of strings,
    /// or does not list every tensor of the file exactly once (a file edited by another tool):
    /// the reader then falls back to its name order rather than trust a partial list.
    static func decoded(_ metadata: [(key: String, value: String)], tensorNames: Set<String>) -> [String]? {
        guard let text = metadata.last(where: { $0.key == metadataKey })?.value else { return nil }
        let bytes = Array(text.utf8)
        let parsed = try? bytes.withUnsafeBytes { try OrderedJSON.parse($0) }
        guard case .array(let items)? = parsed else { return nil }
        var names: [String] = []
        for item in items {
            guard case .string(let name) = item else { return nil }
            names.append(name)
        }
        guard names.count == tensorNames.count, Set(names) == tensorNames else { return nil }
        return names
    }
}
