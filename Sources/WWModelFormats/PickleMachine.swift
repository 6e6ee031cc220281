import Foundation

/// A restricted unpickler, written from scratch: a data-only interpreter of the pickle opcodes
/// that PyTorch state dicts use (protocol 2, plus the protocol 3–5 framing and short forms).
///
/// Python's unpickler imports any module and calls any callable a pickle names, which is how a
/// checkpoint can run `os.system`. Here a global is accepted only if it is one of the handful a
/// state dict needs (`PickleGlobal`): tensor rebuilds, storage types, `OrderedDict`,
/// `torch.Size`. Each of those is interpreted as data (a view into a storage, an ordered dict,
/// a tuple); any other global stops the load at the opcode that names it. There is no code to
/// run, so nothing a file says is ever executed.
struct PickleMachine {
    /// Thrown by containers that grow too deep; converted to a located error.
    struct NestingError: Error {}
    /// Thrown when a pickle changes a list or dict after placing it in another container.
    struct SealedContainerError: Error { let kind: String }

    let data: [UInt8]
    /// Errors name this (e.g. "model.pt, archive/data.pkl").
    let origin: String
    let file: String
    /// Resolves a persistent id (a storage record) to a value.
    let persistentLoad: (PickleValue) throws -> PickleValue

    private var position = 0
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]
    private var opcodeOffset = 0
    private var pushes = 0

    init(data: [UInt8], origin: String, file: String, persistentLoad: @escaping (PickleValue) throws -> PickleValue) {
        self.data = data
        self.origin = origin
        self.file = file
        self.persistentLoad = persistentLoad
    }

    private func fail(_ reason: String) -> ModelFormatError {
        ModelFormatError(file: file, "\(origin) at byte \(opcodeOffset): \(reason)")
    }

    /// Runs the opcodes to STOP and returns the unpickled value.
    mutating func load() throws -> PickleValue {
        do {
            while true {
                opcodeOffset = position
                let opcode = try byte()
                if opcode == 0x2E { break }  // STOP
                try execute(opcode)
            }
        } catch is NestingError {
            throw fail("containers nested deeper than \(ModelFormatLimits.maxNesting) levels (or containing themselves)")
        } catch let error as SealedContainerError {
            throw fail("changes a \(error.kind) after placing it inside another container; a pickler never does, and it would hide how deep the containers nest")
        }
        guard let result = stack.last, stack.count == 1 else { throw fail("STOP with \(stack.count) values on the stack instead of 1") }
        return result
    }

    // MARK: reading operands

    private mutating func byte() throws -> UInt8 {
        guard position < data.count else { throw fail("the pickle ends without a STOP opcode (truncated)") }
        defer { position += 1 }
        return data[position]
    }

    private mutating func bytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= data.count - position else {
            throw fail("an operand of \(count) bytes runs past the end of the pickle (\(data.count) bytes)")
        }
        defer { position += count }
        return data[position..<(position + count)]
    }

    private mutating func unsigned(_ count: Int) throws -> Int {
        let slice = try bytes(count)
        var value: UInt64 = 0
        for (i, b) in slice.enumerated() { value |= UInt64(b) << (8 * UInt64(i)) }
        guard value <= UInt64(Int.max) else { throw fail("a length of \(value) is impossible") }
        return Int(value)
    }

    private mutating func line() throws -> String {
        guard let end = data[position...].firstIndex(of: 0x0A) else { throw fail("a text operand has no end of line") }
        defer { position = end + 1 }
        return String(decoding: data[position..<end], as: UTF8.self)
    }

    private mutating func text(_ count: Int) throws -> String {
        guard let text = String(bytes: try bytes(count), encoding: .utf8) else { throw fail("a string is not valid UTF-8") }
        return text
    }

    /// Little-endian two's-complement integers of LONG1/LONG4; must fit in 64 bits.
    private mutating func long(_ count: Int) throws -> Int {
        let slice = try bytes(count)
        guard slice.count <= 8 else { throw fail("an integer of \(slice.count) bytes does not fit in 64 bits") }
        guard let last = slice.last else { return 0 }
        var value: UInt64 = last >= 0x80 ? UInt64.max : 0
        for (i, b) in slice.enumerated() {
            value &= ~(UInt64(0xFF) << (8 * UInt64(i)))
            value |= UInt64(b) << (8 * UInt64(i))
        }
        return Int(bitPattern: UInt(value))
    }

    // MARK: the stack

    private mutating func pop() throws -> PickleValue {
        guard let value = stack.popLast() else { throw fail("the stack is empty") }
        if let mark = marks.last, stack.count < mark { throw fail("an opcode reached below a MARK") }
        return value
    }

    private mutating func popToMark() throws -> [PickleValue] {
        guard let mark = marks.popLast() else { throw fail("no MARK on the stack") }
        let items = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return items
    }

    private func top() throws -> PickleValue {
        guard let value = stack.last else { throw fail("the stack is empty") }
        return value
    }

    private func tuple(_ items: [PickleValue]) throws -> PickleValue {
        let depth = (items.map(\.depth).max() ?? 0) + 1
        guard depth <= ModelFormatLimits.maxNesting else { throw NestingError() }
        for item in items { item.seal() }
        return .tuple(items, depth: depth)
    }

    private mutating func push(_ value: PickleValue) throws {
        pushes += 1
        guard pushes <= ModelFormatLimits.maxPickleValues else {
            throw fail("more than \(ModelFormatLimits.maxPickleValues) values, far more than a state dict needs")
        }
        stack.append(value)
    }

    // MARK: opcodes

    private mutating func execute(_ opcode: UInt8) throws {
        switch opcode {
        case 0x80: _ = try byte()                                   // PROTO
        case 0x95: _ = try bytes(8)                                 // FRAME: a hint for buffered readers
        case 0x28: marks.append(stack.count)                        // MARK
        case 0x29: try push(try tuple([]))                              // EMPTY_TUPLE
        case 0x5D: try push(.list(PickleList()))                        // EMPTY_LIST
        case 0x7D: try push(.dict(PickleDict()))                        // EMPTY_DICT
        case 0x74: try push(try tuple(try popToMark()))                 // TUPLE
        case 0x85, 0x86, 0x87:                                      // TUPLE1..3
            let count = Int(opcode - 0x84)
            guard stack.count - (marks.last ?? 0) >= count else { throw fail("TUPLE\(count) needs \(count) values on the stack") }
            let items = Array(stack.suffix(count))
            stack.removeLast(count)
            try push(try tuple(items))
        case 0x6C:                                                  // LIST
            let list = PickleList()
            for item in try popToMark() { try list.append(item) }
            try push(.list(list))
        case 0x64:                                                  // DICT
            try push(.dict(try dictionary(from: try popToMark())))
        case 0x61:                                                  // APPEND
            let item = try pop()
            try append([item], to: try top())
        case 0x65:                                                  // APPENDS
            let items = try popToMark()
            try append(items, to: try top())
        case 0x73:                                                  // SETITEM
            let value = try pop(), key = try pop()
            try setItems([key, value], on: try top())
        case 0x75:                                                  // SETITEMS
            let items = try popToMark()
            try setItems(items, on: try top())
        case 0x4E: try push(.none)                                      // NONE
        case 0x88: try push(.bool(true))                                // NEWTRUE
        case 0x89: try push(.bool(false))                               // NEWFALSE
        case 0x4A: try push(.int(Int(Int32(truncatingIfNeeded: try unsigned(4)))))  // BININT
        case 0x4B: try push(.int(try unsigned(1)))                      // BININT1
        case 0x4D: try push(.int(try unsigned(2)))                      // BININT2
        case 0x8A: try push(.int(try long(try unsigned(1))))            // LONG1
        case 0x8B: try push(.int(try long(try unsigned(4))))            // LONG4
        case 0x49:                                                  // INT (text; 00/01 are booleans)
            let text = try line()
            if text == "00" || text == "01" { try push(.bool(text == "01")) } else {
                guard let n = Int(text) else { throw fail("INT operand '\(text)' is not an integer") }
                try push(.int(n))
            }
        case 0x4C:                                                  // LONG (text)
            let text = try line()
            guard let n = Int(text.hasSuffix("L") ? String(text.dropLast()) : text) else { throw fail("LONG operand '\(text)' does not fit in 64 bits") }
            try push(.int(n))
        case 0x47:                                                  // BINFLOAT (big-endian)
            var bits: UInt64 = 0
            for b in try bytes(8) { bits = bits << 8 | UInt64(b) }
            try push(.float(Double(bitPattern: bits)))
        case 0x46:                                                  // FLOAT (text)
            let text = try line()
            guard let x = Double(text) else { throw fail("FLOAT operand '\(text)' is not a number") }
            try push(.float(x))
        case 0x58: try push(.string(try text(try unsigned(4))))         // BINUNICODE
        case 0x8C: try push(.string(try text(try unsigned(1))))         // SHORT_BINUNICODE
        case 0x8D: try push(.string(try text(try unsigned(8))))         // BINUNICODE8
        case 0x54, 0x55:                                            // BINSTRING, SHORT_BINSTRING (Python 2 str)
            let raw = try bytes(try unsigned(opcode == 0x54 ? 4 : 1))
            try push(.string(String(raw.map { Character(Unicode.Scalar($0)) })))
        case 0x42: try push(.bytes(Array(try bytes(try unsigned(4)))))  // BINBYTES
        case 0x43: try push(.bytes(Array(try bytes(try unsigned(1)))))  // SHORT_BINBYTES
        case 0x8E: try push(.bytes(Array(try bytes(try unsigned(8)))))  // BINBYTES8
        case 0x71: memo[try unsigned(1)] = try top()                // BINPUT
        case 0x72: memo[try unsigned(4)] = try top()                // LONG_BINPUT
        case 0x70:                                                  // PUT (text)
            guard let index = Int(try line()) else { throw fail("PUT operand is not an integer") }
            memo[index] = try top()
        case 0x94: memo[memo.count] = try top()                     // MEMOIZE
        case 0x68: try push(try recall(try unsigned(1)))                // BINGET
        case 0x6A: try push(try recall(try unsigned(4)))                // LONG_BINGET
        case 0x67:                                                  // GET (text)
            guard let index = Int(try line()) else { throw fail("GET operand is not an integer") }
            try push(try recall(index))
        case 0x30: _ = try pop()                                    // POP
        case 0x31: _ = try popToMark()                              // POP_MARK
        case 0x32: try push(try top())                                  // DUP
        case 0x63:                                                  // GLOBAL "module\nname\n"
            let module = try line(), name = try line()
            try push(.global(try global(module, name)))
        case 0x93:                                                  // STACK_GLOBAL
            let name = try pop(), module = try pop()
            guard case .string(let n) = name, case .string(let m) = module else { throw fail("STACK_GLOBAL needs two strings") }
            try push(.global(try global(m, n)))
        case 0x52:                                                  // REDUCE
            let arguments = try pop(), callable = try pop()
            try push(try reduce(callable, arguments))
        case 0x62:                                                  // BUILD
            let state = try pop()
            try build(try top(), state)
        case 0x51:                                                  // BINPERSID
            try push(try persistentLoad(try pop()))
        case 0x50:
            throw fail("opcode PERSID (text persistent ids) is not used by PyTorch archives and is refused")
        case 0x69, 0x6F, 0x81, 0x92:
            throw fail("opcode \(["i": "INST", "o": "OBJ"][Character(Unicode.Scalar(opcode))] ?? (opcode == 0x81 ? "NEWOBJ" : "NEWOBJ_EX")) creates an object of a class; a state dict holds only tensors and plain containers, so it is refused (nothing was executed)")
        case 0x82, 0x83, 0x84:
            throw fail("opcode EXT\(opcode == 0x82 ? 1 : opcode == 0x83 ? 2 : 4) (the copyreg extension registry) is refused")
        default:
            throw fail(String(format: "unknown or unsupported pickle opcode 0x%02X", opcode))
        }
    }

    private func recall(_ index: Int) throws -> PickleValue {
        guard let value = memo[index] else { throw fail("memo entry \(index) was never stored") }
        return value
    }

    private func global(_ module: String, _ name: String) throws -> PickleGlobal {
        guard let global = PickleGlobal(module: module, name: name) else {
            throw fail("refuses the global '\(module).\(name)': only PyTorch tensor-rebuild functions, storage types, collections.OrderedDict and torch.Size are allowed in a state dict (nothing in the file was executed)")
        }
        return global
    }

    private func dictionary(from items: [PickleValue]) throws -> PickleDict {
        guard items.count % 2 == 0 else { throw fail("a dict needs key/value pairs, got \(items.count) values") }
        let dict = PickleDict()
        for i in stride(from: 0, to: items.count, by: 2) { try dict.set(items[i], items[i + 1]) }
        return dict
    }

    private func append(_ items: [PickleValue], to target: PickleValue) throws {
        guard case .list(let list) = target else { throw fail("APPEND to \(target.kind), not a list") }
        for item in items { try list.append(item) }
    }

    private func setItems(_ items: [PickleValue], on target: PickleValue) throws {
        guard case .dict(let dict) = target else { throw fail("SETITEM on \(target.kind), not a dict") }
        guard items.count % 2 == 0 else { throw fail("SETITEMS needs key/value pairs, got \(items.count) values") }
        for i in stride(from: 0, to: items.count, by: 2) { try dict.set(items[i], items[i + 1]) }
    }

    /// A "call" of an allowed global, interpreted as the data it stands for.
    private func reduce(_ callable: PickleValue, _ arguments: PickleValue) throws -> PickleValue {
        guard case .global(let global) = callable else { throw fail("REDUCE of \(callable.kind), which is not callable") }
        guard case .tuple(let args, _) = arguments else { throw fail("REDUCE of \(global.qualifiedName) with \(arguments.kind) instead of an argument tuple") }
        switch global {
        case .rebuildTensorV2, .rebuildTensor:
            guard args.count >= 4, case .storage(let storage) = args[0], case .int(let offset) = args[1],
                  let shape = integers(args[2]), let strides = integers(args[3]) else {
                throw fail("\(global.qualifiedName) expects (storage, offset, size, stride, ...), got (\(args.map(\.kind).joined(separator: ", ")))")
            }
            return .tensor(TensorReference(storage: storage, offset: offset, shape: shape, strides: strides))
        case .rebuildParameter, .rebuildParameterWithState:
            guard let data = args.first, case .tensor = data else { throw fail("\(global.qualifiedName) expects a tensor first") }
            return data
        case .orderedDict:
            let dict = PickleDict()
            if let pairs = args.first {
                let items: [PickleValue]
                switch pairs {
                case .list(let list): items = list.items
                case .tuple(let t, _): items = t
                default: throw fail("collections.OrderedDict expects a list of pairs, got \(pairs.kind)")
                }
                for pair in items {
                    guard case .tuple(let kv, _) = pair, kv.count == 2 else { throw fail("collections.OrderedDict expects (key, value) pairs") }
                    try dict.set(kv[0], kv[1])
                }
            }
            return .dict(dict)
        case .size:
            guard args.count == 1, let dimensions = integers(args[0]) else { throw fail("torch.Size expects a tuple of integers") }
            return try tuple(dimensions.map { .int($0) })
        case .storageType:
            throw fail("\(global.qualifiedName) is a storage type, and calling it is refused")
        }
    }

    /// BUILD sets an object's state: on an OrderedDict that is the state dict's `_metadata`
    /// (module versions) and on a tensor its Python attributes; neither affects the weights.
    private func build(_ target: PickleValue, _ state: PickleValue) throws {
        switch target {
        case .dict, .tensor: return
        default: throw fail("BUILD on \(target.kind) is refused (only dicts and tensors take a state)")
        }
    }

    private func integers(_ value: PickleValue) -> [Int]? {
        guard case .tuple(let items, _) = value else { return nil }
        var result: [Int] = []
        for item in items {
            guard case .int(let n) = item else { return nil }
            result.append(n)
        }
        return result
    }
}
