import WWSyntax

/// The fixed part of a frame; the slots follow it in the same allocation.
struct FrameHeader {
    let count: Int
    /// Variable so a pooled frame (see `FunctionPrototype.frame(parent:)`) can serve another closure.
    var parent: Frame?
}

/// Storage for one activation: a function call, or a block whose variables a closure captured
/// (a loop body then gets a fresh frame per iteration, so each closure sees its own variable).
/// One allocation holds the header and the slots (tail-allocated by ManagedBuffer): a call is
/// the interpreter's most frequent allocation, and a separate slot buffer doubled its malloc
/// and free traffic. Slots are reached through a raw pointer, so writes pay no exclusivity or
/// uniqueness checks.
final class Frame: ManagedBuffer<FrameHeader, Value> {
    @inline(__always) static func make(count: Int, parent: Frame?) -> Frame {
        let capacity = max(count, 1)
        let buffer = Frame.create(minimumCapacity: capacity) { _ in FrameHeader(count: capacity, parent: parent) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: .nil, count: capacity) }
        return frame
    }

    deinit {
        withUnsafeMutablePointers { header, slots in _ = slots.deinitialize(count: header.pointee.count) }
    }

    /// Valid while the frame is alive; every caller holds the frame it reads.
    @inline(__always) var slots: UnsafeMutablePointer<Value> {
        withUnsafeMutablePointerToElements { $0 }
    }

    /// Through the header's pointer: `header` is a class property, whose every read pays a
    /// dynamic exclusivity check.
    @inline(__always) var parent: Frame? { withUnsafeMutablePointerToHeader { $0.pointee.parent } }

    @inline(__always) func hasParent(_ parent: Frame?) -> Bool {
        withUnsafeMutablePointerToHeader { $0.pointee.parent === parent }
    }

    @inline(__always) func setParent(_ parent: Frame?) {
        withUnsafeMutablePointerToHeader { $0.pointee.parent = parent }
    }

    /// Stores an argument in a slot that holds nil (a new or pooled frame's): no old value to
    /// release, and the argument is moved in.
    @inline(__always) func setArgument(_ i: Int, _ value: __owned Value) {
        (slots + i).initialize(to: value)
    }

    /// Releases the slots' values (a pooled frame must not keep a tensor alive).
    @inline(__always) func clear(count: Int) {
        let slots = self.slots
        for i in 0..<count { slots[i] = .nil }
    }

    @inline(__always) func ancestor(_ hops: Int) -> Frame {
        var frame = self
        for _ in 0..<hops { frame = frame.parent! }
        return frame
    }
}

/// The shape of a frame, known once its function or block is compiled; variables get slots in it.
final class FrameLayout {
    var size = 0
    let parent: FrameLayout?
    init(parent: FrameLayout?) { self.parent = parent }

    func allocate() -> Int {
        size += 1
        return size - 1
    }
}

/// What a statement did: fell through, or left its block by break, continue or return.
enum Flow {
    case normal, breakLoop, continueLoop, returned
}

/// Carries break/continue/return out of an expression context (an `if` used as a value), the
/// rare case the statement-level `Flow` cannot express.
final class ControlSignal: Error {
    let flow: Flow
    init(_ flow: Flow) { self.flow = flow }
}

typealias ExprCode = (Frame) throws -> Value
typealias StmtCode = (Frame) throws -> Flow

/// A compiled function's body: runs in the call's frame and gives the call's value (the
/// returned value, or the value of the last expression statement).
typealias BodyCode = (Frame) throws -> Value

/// A compiled function: what every closure made from the same `fn` shares.
final class FunctionPrototype {
    let name: String
    let parameterNames: [String]
    /// Default values, evaluated at each call in the new frame (so they may use earlier parameters).
    let defaults: [ExprCode?]
    let layout: FrameLayout
    /// Constants so a call reads them without touching the arrays or the layout (and `body` is a
    /// `let`, so calling it needs no retain of its context).
    let body: BodyCode
    let parameterCount: Int
    let frameSize: Int
    let file: SourceFile
    let location: SourceLocation
    /// Whether pooled frames keep their parent: true for a function declared at the top level of
    /// a program, whose parent is the program's frame (alive anyway); a nested function's pooled
    /// frame drops its parent, which could hold large values of a finished call.
    let keepsParent: Bool

    /// Frames of finished calls that nothing else references, reused by the next calls: a call
    /// then costs no allocation (malloc, free and the object's initialisation were about 300 of
    /// the 1,150 instructions of a `fib` call). A raw buffer, not an array property: a class's
    /// mutable property pays a dynamic exclusivity check per access.
    private let pool: UnsafeMutablePointer<Frame>
    private let pooled: UnsafeMutablePointer<Int>
    /// Enough for the frames a recursion releases one after another; more would only hold memory.
    static let poolCapacity = 8

    /// Made once the body is compiled: the layout's size is final by then.
    init(name: String, parameterNames: [String], layout: FrameLayout, defaults: [ExprCode?], body: @escaping BodyCode,
         file: SourceFile, location: SourceLocation, keepsParent: Bool) {
        self.name = name
        self.parameterNames = parameterNames
        self.layout = layout
        self.defaults = defaults
        self.body = body
        self.parameterCount = parameterNames.count
        self.frameSize = layout.size
        self.file = file
        self.location = location
        self.keepsParent = keepsParent
        pool = .allocate(capacity: Self.poolCapacity)
        pooled = .allocate(capacity: 1)
        pooled.initialize(to: 0)
    }

    deinit {
        pool.deinitialize(count: pooled.pointee)
        pool.deallocate()
        pooled.deallocate()
    }

    /// Runs the body. Not inlined on purpose: here `self` is borrowed for the whole call, so the
    /// body closure (a `let`) is called without retaining its context, which the call sites'
    /// inlined code did (an atomic retain and release per call).
    @inline(never) func run(_ frame: Frame) throws -> Value {
        try body(frame)
    }

    /// A frame for a call of this function whose enclosing frame is `parent`: a pooled one, or a new one.
    @inline(__always) func frame(parent: Frame?) -> Frame {
        let n = pooled.pointee
        if n > 0 {
            pooled.pointee = n - 1
            let frame = (pool + (n - 1)).move()
            if !frame.hasParent(parent) { frame.setParent(parent) }
            return frame
        }
        return Frame.make(count: frameSize, parent: parent)
    }

    /// Returns a finished call's frame to the pool unless something still references it (a
    /// closure made in the call, or a block frame such a closure holds): such a frame lives on.
    @inline(__always) func recycle(_ frame: inout Frame) {
        let n = pooled.pointee
        guard n < Self.poolCapacity, isKnownUniquelyReferenced(&frame) else { return }
        frame.clear(count: frameSize)
        if !keepsParent { frame.setParent(nil) }
        (pool + n).initialize(to: frame)
        pooled.pointee = n + 1
    }

    var signature: String { "\(name)(\(parameterNames.joined(separator: ", ")))" }
    var requiredCount: Int { defaults.firstIndex { $0 != nil } ?? parameterNames.count }
}

/// A module's global variables: a growable buffer indexed by slot (the REPL adds globals as the
/// user declares them), with the declarations the resolver needs to see them.
final class Globals: NameEnvironment {
    private(set) var storage: UnsafeMutablePointer<Value>
    private(set) var defined: UnsafeMutablePointer<Bool>
    private var capacity: Int
    private(set) var count = 0
    private(set) var declarations: [String: Declaration] = [:]
    /// Built-ins and the standard library: visible to every module, shadowed by its own globals.
    let builtins: BuiltinScope

    init(builtins: BuiltinScope) {
        self.builtins = builtins
        capacity = 64
        storage = .allocate(capacity: capacity)
        storage.initialize(repeating: .nil, count: capacity)
        defined = .allocate(capacity: capacity)
        defined.initialize(repeating: false, count: capacity)
    }

    deinit {
        storage.deinitialize(count: capacity)
        storage.deallocate()
        defined.deallocate()
    }

    /// The slot for a global, created on first use of the name. A redeclaration (REPL) reuses it.
    func slot(for declaration: Declaration) -> Int {
        if let existing = declarations[declaration.name], existing.slot >= 0 {
            declaration.slot = existing.slot
        } else {
            if count == capacity { grow() }
            declaration.slot = count
            count += 1
        }
        declarations[declaration.name] = declaration
        return declaration.slot
    }

    private func grow() {
        let newCapacity = capacity * 2
        let newStorage = UnsafeMutablePointer<Value>.allocate(capacity: newCapacity)
        newStorage.moveInitialize(from: storage, count: capacity)
        (newStorage + capacity).initialize(repeating: .nil, count: newCapacity - capacity)
        storage.deallocate()
        storage = newStorage
        let newDefined = UnsafeMutablePointer<Bool>.allocate(capacity: newCapacity)
        newDefined.moveInitialize(from: defined, count: capacity)
        (newDefined + capacity).initialize(repeating: false, count: newCapacity - capacity)
        defined.deallocate()
        defined = newDefined
        capacity = newCapacity
    }

    func set(_ slot: Int, _ value: Value) {
        storage[slot] = value
        defined[slot] = true
    }

    func value(named name: String) -> Value? {
        guard let d = declarations[name], d.slot >= 0, defined[d.slot] else { return nil }
        return storage[d.slot]
    }

    /// Exported names in declaration order (a module's public face): names not starting with `_`.
    var exportedNames: [String] {
        declarations.values.filter { !$0.name.hasPrefix("_") && $0.slot >= 0 && defined[$0.slot] }
            .sorted { $0.slot < $1.slot }.map(\.name)
    }

    // NameEnvironment
    func declaration(named name: String) -> Declaration? {
        declarations[name] ?? builtins.declaration(named: name)
    }

    var visibleNames: [String] { Array(declarations.keys) + builtins.visibleNames }

    func hint(forUndefined name: String) -> String? { builtins.hint(forUndefined: name) }
}

/// The built-in names as declarations, with their constant values.
final class BuiltinScope: NameEnvironment {
    private(set) var values: [String: Value] = [:]
    private var declarations: [String: Declaration] = [:]

    func define(_ name: String, _ value: Value) {
        values[name] = value
        declarations[name] = Declaration(name: name, kind: .builtin, location: .unknown, isGlobal: true)
    }

    func declaration(named name: String) -> Declaration? { declarations[name] }
    var visibleNames: [String] { Array(declarations.keys) }

    /// Types whose values have a method of that name but no global function (`push`).
    var methodOnlyOwners: [String: [String]] = [:]

    func hint(forUndefined name: String) -> String? {
        guard let types = methodOnlyOwners[name], !types.isEmpty else { return nil }
        return "'\(name)' is a method of \(types.joined(separator: " and ")) values: call it as value.\(name)(...)"
    }
}
