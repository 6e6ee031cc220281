/// What the restricted unpickler can build: plain data, the few names a state dict refers to,
/// and references to tensors in the archive. There is no case for an arbitrary object or a
/// callable, so nothing in a pickle can ever be run.
indirect enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    /// Items and nesting depth (depth is tracked so hostile nesting is refused, not recursed into).
    case tuple([PickleValue], depth: Int)
    case list(PickleList)
    case dict(PickleDict)
    case global(PickleGlobal)
    case storage(StorageReference)
    case tensor(TensorReference)

    var depth: Int {
        switch self {
        case .tuple(_, let depth): return depth
        case .list(let list): return list.depth
        case .dict(let dict): return dict.depth
        default: return 0
        }
    }

    /// A short description for errors ("a tuple", "the global torch.Size").
    var kind: String {
        switch self {
        case .none: return "None"
        case .bool: return "a bool"
        case .int: return "an int"
        case .float: return "a float"
        case .string: return "a string"
        case .bytes: return "bytes"
        case .tuple: return "a tuple"
        case .list: return "a list"
        case .dict: return "a dict"
        case .global(let global): return "the global \(global.qualifiedName)"
        case .storage: return "a storage"
        case .tensor: return "a tensor"
        }
    }
}

/// A list is a reference: pickles memoize it and append to it later.
///
/// A container's depth is exact only if its children no longer change: a pickle that builds a
/// chain outer-first through the memo (append an empty list, then fill that list) would pass a
/// depth recorded at insertion and nest 50,000 levels, whose release overflows the stack. A
/// pickler always completes a container before placing it in another, so a container that has
/// been placed is sealed (``PickleValue/seal()``) and changing it is refused. That also refuses
/// cycles, which a state dict never has.
final class PickleList {
    var items: [PickleValue] = []
    private(set) var depth = 1
    /// Placed in another container or a tuple: no longer changed.
    fileprivate(set) var sealed = false

    func append(_ value: PickleValue) throws {
        guard !sealed else { throw PickleMachine.SealedContainerError(kind: "list") }
        if case .list(let list) = value, list === self { throw PickleMachine.NestingError() }
        depth = max(depth, value.depth + 1)
        guard depth <= ModelFormatLimits.maxNesting else { throw PickleMachine.NestingError() }
        value.seal()
        items.append(value)
    }
}

/// An insertion-ordered dict (a state dict's order is its layer order).
final class PickleDict {
    var entries: [(key: PickleValue, value: PickleValue)] = []
    private(set) var depth = 1
    /// Positions of string and int keys, so a state dict of many thousand tensors fills in linear time.
    private var positions: [String: Int] = [:]

    /// Placed in another container or a tuple: no longer changed (see ``PickleList``).
    fileprivate(set) var sealed = false

    func set(_ key: PickleValue, _ value: PickleValue) throws {
        guard !sealed else { throw PickleMachine.SealedContainerError(kind: "dict") }
        if case .dict(let dict) = value, dict === self { throw PickleMachine.NestingError() }
        depth = max(depth, value.depth + 1, key.depth + 1)
        guard depth <= ModelFormatLimits.maxNesting else { throw PickleMachine.NestingError() }
        key.seal()
        value.seal()
        let identity: String?
        switch key {
        case .string(let s): identity = "s" + s
        case .int(let n): identity = "i" + String(n)
        default: identity = nil
        }
        if let identity, let i = positions[identity] {
            entries[i].value = value
        } else {
            if let identity { positions[identity] = entries.count }
            entries.append((key, value))
        }
    }
}

extension PickleValue {
    /// Marks a list or dict as placed inside another value, so its depth is final. A tuple's
    /// items were sealed when the tuple was made.
    func seal() {
        switch self {
        case .list(let list): list.sealed = true
        case .dict(let dict): dict.sealed = true
        default: break
        }
    }

    /// The key as part of a dotted name.
    var keyText: String? {
        switch self {
        case .string(let s): return s
        case .int(let n): return String(n)
        case .bool(let b): return b ? "True" : "False"
        default: return nil
        }
    }
}

/// The only globals a state dict needs, and so the only ones accepted.
enum PickleGlobal: Equatable {
    case rebuildTensorV2
    case rebuildTensor
    case rebuildParameter
    case rebuildParameterWithState
    case orderedDict
    case size
    case storageType(StorageType)

    static let storageClasses: [String: StorageType] = [
        "DoubleStorage": .float64, "FloatStorage": .float32, "HalfStorage": .float16, "BFloat16Storage": .bfloat16,
        "LongStorage": .int64, "IntStorage": .int32, "ShortStorage": .int16, "CharStorage": .int8,
        "ByteStorage": .uint8, "BoolStorage": .bool,
    ]

    init?(module: String, name: String) {
        switch (module, name) {
        case ("torch._utils", "_rebuild_tensor_v2"): self = .rebuildTensorV2
        case ("torch._utils", "_rebuild_tensor"): self = .rebuildTensor
        case ("torch._utils", "_rebuild_parameter"): self = .rebuildParameter
        case ("torch._utils", "_rebuild_parameter_with_state"): self = .rebuildParameterWithState
        case ("collections", "OrderedDict"): self = .orderedDict
        case ("torch", "Size"): self = .size
        case ("torch", _):
            guard let type = Self.storageClasses[name] else { return nil }
            self = .storageType(type)
        default: return nil
        }
    }

    var qualifiedName: String {
        switch self {
        case .rebuildTensorV2: return "torch._utils._rebuild_tensor_v2"
        case .rebuildTensor: return "torch._utils._rebuild_tensor"
        case .rebuildParameter: return "torch._utils._rebuild_parameter"
        case .rebuildParameterWithState: return "torch._utils._rebuild_parameter_with_state"
        case .orderedDict: return "collections.OrderedDict"
        case .size: return "torch.Size"
        case .storageType(let type): return "torch." + (Self.storageClasses.first { $0.value == type }?.key ?? type.rawValue)
        }
    }
}

/// A storage record of the archive (`data/<key>`), as a persistent id names it.
struct StorageReference {
    let key: String
    let type: StorageType
    let elementCount: Int
}

/// A tensor as `_rebuild_tensor_v2` describes it: a view into a storage.
struct TensorReference {
    let storage: StorageReference
    let offset: Int
    let shape: [Int]
    let strides: [Int]
}
