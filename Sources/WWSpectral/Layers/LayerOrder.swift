import WWNumerics

/// The order the layers of a collection are numbered in (the `order:` option).
///
/// Layer ids, per-layer plots, the lag-1 autocorrelation of `adjusted_t` and every "last layer"
/// verdict depend on it, and formats disagree: a PyTorch pickle keeps its modules' order, while a
/// safetensors header is sorted by name (`layers.10` before `layers.2`, a ResNet's `fc` before
/// `layer1`). The default, ``automatic``, keeps a collection's order when it is module order and
/// otherwise rebuilds it with the natural order of ``NaturalLayerOrder``.
public enum LayerOrder: Sendable, Equatable {
    /// Module order where the collection keeps it (PyTorch checkpoints, NumPy archives, networks
    /// in memory, safetensors files wwn wrote), the natural order of the names otherwise.
    case automatic
    /// The collection's own order, whatever it is (safetensors: sorted by name).
    case file
    /// The natural order of the dotted names, even where the collection keeps module order.
    case natural
    /// These layers (a layer name such as `layers.3`, or a full tensor name) first, in this
    /// order, each bringing all its tensors; the rest follow in the automatic order.
    case names([String])

    /// `"auto"`, `"file"` or `"natural"`.
    public init?(keyword: String) {
        switch keyword {
        case "auto", "automatic": self = .automatic
        case "file": self = .file
        case "natural": self = .natural
        default: return nil
        }
    }

    /// The tensors of `weights` in this order.
    /// - Parameter keepsModuleOrder: whether `weights` is already in module order.
    /// - Throws: ``SpectralError/invalidOption(name:reason:)`` for a listed name that matches no
    ///   tensor, or one listed twice.
    public func arrange(_ weights: [WeightInfo], keepsModuleOrder: Bool) throws -> [WeightInfo] {
        switch self {
        case .file: return weights
        case .natural: return NaturalLayerOrder.sorted(weights)
        case .automatic: return keepsModuleOrder ? weights : NaturalLayerOrder.sorted(weights)
        case .names(let names):
            guard Set(names).count == names.count else {
                throw SpectralError.invalidOption(name: "order", reason: "names a layer twice")
            }
            let rest = try LayerOrder.automatic.arrange(weights, keepsModuleOrder: keepsModuleOrder)
            var placed = Set<String>()
            var front: [WeightInfo] = []
            for name in names {
                let matches = rest.filter { $0.name == name || $0.name.hasPrefix(name + ".") }
                guard !matches.isEmpty else {
                    throw SpectralError.invalidOption(name: "order", reason: "'\(name)' is neither a tensor nor a layer of the model")
                }
                for info in matches where !placed.contains(info.name) {
                    placed.insert(info.name)
                    front.append(info)
                }
            }
            return front + rest.filter { !placed.contains($0.name) }
        }
    }
}
