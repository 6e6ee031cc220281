import WWNumerics

/// Module order rebuilt from dotted tensor names alone, for formats that sort names
/// (safetensors). The names form a tree (`layer1.0.conv1.weight`); it is walked depth first,
/// and at each node:
/// 1. the node's own tensors come first (`weight`, then `bias`, then the rest by name), as
///    PyTorch lists a module's parameters before its children;
/// 2. children whose name contains `embed` come first, and at the top level the heads `fc`,
///    `classifier`, `head`, `lm_head` and `output` come last;
/// 3. the other children in natural order: runs of digits compare as numbers (`layers.2` before
///    `layers.10`), the rest by code point;
/// 4. a normalisation child (`bn2`, `ln_1`, `LayerNorm`, `input_layernorm`: named `bn`/`ln` plus
///    a number, or containing `norm`) follows the sibling that shares its number (`bn1` right
///    after `conv1`), or, with no such sibling, comes after all the others;
/// 5. known sibling sets keep their module order where names would sort otherwise: `query`,
///    `key`, `value`; `q_proj`, `k_proj`, `v_proj`, `o_proj`; `gate_proj`, `up_proj`,
///    `down_proj`; `self_attn`, `mlp`; `attention`, `intermediate`, `output`; `self`, `output`.
/// This gives torchvision's ResNet and VGG, wwn's own networks, and the block order of BERT,
/// ViT and Llama checkpoints exactly; pre-norm blocks (`ln_1` before `attn` in GPT-2) get their
/// norms after the block's matrices, which moves only the ids of rank-1 tensors' neighbours.
public enum NaturalLayerOrder {
    /// Top-level names that are a model's output head, placed last.
    public static let headNames: Set<String> = ["fc", "classifier", "head", "lm_head", "output"]
    /// Sibling names kept in this order (each list is one module's children in PyTorch order).
    public static let knownSiblingOrders: [[String]] = [
        ["query", "key", "value"], ["q_proj", "k_proj", "v_proj", "o_proj"], ["gate_proj", "up_proj", "down_proj"],
        ["self_attn", "mlp"], ["attention", "intermediate", "output"], ["self", "output"],
    ]
    /// A module's own tensors in PyTorch's registration order (Linear, Conv, BatchNorm).
    static let leafOrder = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]

    public static func sorted(_ weights: [WeightInfo]) -> [WeightInfo] {
        let root = Node()
        for (index, info) in weights.enumerated() {
            var node = root
            for part in info.name.split(separator: ".", omittingEmptySubsequences: false) {
                node = node.child(String(part))
            }
            node.tensors.append(index)
        }
        var order: [Int] = []
        walk(root, depth: 0, into: &order)
        return order.map { weights[$0] }
    }

    private final class Node {
        var tensors: [Int] = []
        var children: [String: Node] = [:]
        var isLeaf: Bool { children.isEmpty }

        func child(_ name: String) -> Node {
            if let existing = children[name] { return existing }
            let node = Node()
            children[name] = node
            return node
        }
    }

    private static func walk(_ node: Node, depth: Int, into order: inout [Int]) {
        order += node.tensors
        let leaves = node.children.filter { $0.value.isLeaf }.keys.sorted { leafRank($0) < leafRank($1) }
        let modules = node.children.filter { !$0.value.isLeaf }.keys
        let siblings = Set(modules)
        let keyed = modules.map { ($0, SiblingKey(name: $0, siblings: siblings, topLevel: depth == 0)) }
        for name in leaves { if let leaf = node.children[name] { order += leaf.tensors } }
        for (name, _) in keyed.sorted(by: { $0.1 < $1.1 }) {
            if let child = node.children[name] { walk(child, depth: depth + 1, into: &order) }
        }
    }

    private static func leafRank(_ name: String) -> SiblingKey.Rank {
        SiblingKey.Rank(group: leafOrder.firstIndex(of: name) ?? leafOrder.count, name: NaturalKey(name))
    }

    /// Where a child goes among its siblings; compared as a tuple.
    private struct SiblingKey: Comparable {
        struct Rank: Comparable {
            var group: Int
            var name: NaturalKey
            static func < (a: Rank, b: Rank) -> Bool { (a.group, a.name) < (b.group, b.name) }
        }
        /// 0 embeddings, 1 body, 2 unpartnered norms, 3 heads.
        var group: Int
        /// The sibling this one is placed after or with (itself for most).
        var anchor: NaturalKey
        /// 0 for the anchor itself and known-order sets, 1 for a norm placed after its partner.
        var follows: Int
        var knownIndex: Int
        var name: NaturalKey

        init(name: String, siblings: Set<String>, topLevel: Bool) {
            self.name = NaturalKey(name)
            anchor = self.name
            follows = 0
            knownIndex = 0
            if name.lowercased().contains("embed") {
                group = 0
            } else if topLevel && NaturalLayerOrder.headNames.contains(name) {
                group = 3
            } else if SiblingKey.isNorm(name) {
                let number = SiblingKey.trailingNumber(name)
                let partner = number.flatMap { n in
                    siblings.filter { !SiblingKey.isNorm($0) && SiblingKey.trailingNumber($0) == n }.map(NaturalKey.init).min()
                }
                if let partner {
                    group = 1
                    anchor = partner
                    follows = 1
                } else {
                    group = 2
                }
            } else {
                group = 1
                for list in NaturalLayerOrder.knownSiblingOrders {
                    guard let index = list.firstIndex(of: name) else { continue }
                    let present = list.filter { siblings.contains($0) }
                    guard present.count > 1, let first = present.first else { continue }
                    anchor = NaturalKey(first)
                    knownIndex = index
                    break
                }
            }
        }

        static func isNorm(_ name: String) -> Bool {
            let lowered = name.lowercased()
            if lowered.contains("norm") { return true }
            let stem = lowered.prefix { !$0.isNumber }.trimmingSuffix("_")
            return (stem == "bn" || stem == "ln") && lowered.count > stem.count
        }

        static func trailingNumber(_ name: String) -> Int? {
            let digits = name.reversed().prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count < 18 else { return nil }
            return Int(String(digits.reversed()))
        }

        static func < (a: SiblingKey, b: SiblingKey) -> Bool {
            (a.group, a.anchor, a.follows, a.knownIndex, a.name) < (b.group, b.anchor, b.follows, b.knownIndex, b.name)
        }
    }
}

private extension Substring {
    func trimmingSuffix(_ suffix: Character) -> Substring {
        var text = self
        while text.last == suffix { text = text.dropLast() }
        return text
    }
}

/// A name compared with its digit runs as numbers (`layers.2` < `layers.10`), other runs and
/// ties by code point, so the order is total and the same on every machine.
struct NaturalKey: Comparable {
    let runs: [Run]
    let bytes: [UInt8]

    enum Run: Comparable {
        /// Digits without leading zeros, compared by length then by digit.
        case number([UInt8])
        case text([UInt8])

        static func < (a: Run, b: Run) -> Bool {
            switch (a, b) {
            case let (.number(x), .number(y)): return x.count != y.count ? x.count < y.count : x.lexicographicallyPrecedes(y)
            case (.number, .text): return true
            case (.text, .number): return false
            case let (.text(x), .text(y)): return x.lexicographicallyPrecedes(y)
            }
        }
    }

    init(_ name: String) {
        bytes = Array(name.utf8)
        var runs: [Run] = []
        var index = 0
        let isDigit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
        while index < bytes.count {
            let digit = isDigit(bytes[index])
            var end = index
            while end < bytes.count && isDigit(bytes[end]) == digit { end += 1 }
            let run = Array(bytes[index..<end])
            if digit {
                let trimmed = Array(run.drop { $0 == 0x30 })
                runs.append(.number(trimmed))
            } else {
                runs.append(.text(run))
            }
            index = end
        }
        self.runs = runs
    }

    static func < (a: NaturalKey, b: NaturalKey) -> Bool {
        for (x, y) in zip(a.runs, b.runs) where x != y { return x < y }
        if a.runs.count != b.runs.count { return a.runs.count < b.runs.count }
        return a.bytes.lexicographicallyPrecedes(b.bytes)
    }

    static func == (a: NaturalKey, b: NaturalKey) -> Bool { a.bytes == b.bytes }
}
