/// Which layers to analyse (WeightWatcher `layers=[...]`): ids, names, "-name" exclusions and
/// layer types. A layer is analysed when it passes every kind of filter given.
///
/// WeightWatcher applies the kinds one after another, each overriding the previous verdict
/// (a type filter can be undone by an id filter); wwn combines them with "and", and rejects
/// the combinations WeightWatcher only logs as errors (keeping and excluding names together,
/// positive and negative ids together).
public struct LayerSelection: Sendable, Equatable {
    /// Layer ids to keep; empty keeps all.
    public var ids: Set<Int> = []
    /// Layer ids to drop.
    public var excludedIDs: Set<Int> = []
    /// Layer or tensor names to keep; empty keeps all.
    public var names: Set<String> = []
    /// Layer or tensor names to drop.
    public var excludedNames: Set<String> = []
    /// Layer types to keep; empty keeps all.
    public var types: Set<LayerType> = []

    public init() {}

    /// One entry of a WeightWatcher-style `layers` list.
    public enum Item: Sendable, Equatable {
        case id(Int)
        case name(String)
    }

    /// Parses a mixed list as WeightWatcher does: integers are ids (negative ones exclude),
    /// "dense"/"conv2d"/"experts" are types, "-name" excludes a name, other strings keep a name.
    public init(items: [Item]) throws {
        for item in items {
            switch item {
            case .id(let id):
                if id < 0 { excludedIDs.insert(-id) } else { ids.insert(id) }
            case .name(let text):
                if let type = LayerType(rawValue: text), type == .dense || type == .conv2d || type == .experts {
                    types.insert(type)
                } else if text.hasPrefix("-") && text.count > 1 {
                    excludedNames.insert(String(text.dropFirst()))
                } else {
                    names.insert(text)
                }
            }
        }
        if !ids.isEmpty && !excludedIDs.isEmpty {
            throw SpectralError.invalidOption(name: "layers", reason: "mixes ids to keep and negative ids to exclude; give one kind")
        }
        if !names.isEmpty && !excludedNames.isEmpty {
            throw SpectralError.invalidOption(name: "layers", reason: "mixes names to keep and \"-name\" exclusions; give one kind")
        }
    }

    public var isEmpty: Bool { self == LayerSelection() }

    public func includes(id: Int, name: String, tensorName: String, type: LayerType) -> Bool {
        if !ids.isEmpty && !ids.contains(id) { return false }
        if excludedIDs.contains(id) { return false }
        if !names.isEmpty && !names.contains(name) && !names.contains(tensorName) { return false }
        if excludedNames.contains(name) || excludedNames.contains(tensorName) { return false }
        if !types.isEmpty && !types.contains(type) { return false }
        return true
    }
}
