import WWSyntax

extension Compiler {
    func compileExpression(_ expr: Expr) -> ExprCode {
        switch expr.kind {
        case .number(let e):
            let v = Value.number(e.value)
            return { _ in v }
        case .bool(let e):
            let v = Value.bool(e.value)
            return { _ in v }
        case .nil:
            return { _ in .nil }
        case .string(let e):
            return compileString(e)
        case .identifier(let e):
            guard let d = e.declaration else {
                let err = error("internal: unresolved name '\(e.name)'", at: e.location)
                return { _ in throw err }
            }
            return read(d, at: e.location)
        case .list(let e):
            let elements = e.elements.map(compileExpression)
            return { f in
                var items: [Value] = []
                items.reserveCapacity(elements.count)
                for element in elements { items.append(try element(f)) }
                return .list(ListObject(items))
            }
        case .comprehension(let e):
            return compileComprehension(e)
        case .record(let e):
            let keys = e.entries.map(\.key)
            let values = e.entries.map { compileExpression($0.value) }
            // The parser refuses repeated keys, so the record takes the literal's key array as it
            // is (shared, no per-field search or growth) and one exactly sized value array.
            let count = keys.count
            return { f in
                var items: [Value] = []
                items.reserveCapacity(count)
                for code in values { items.append(try code(f)) }
                return .record(RecordObject(distinctKeys: keys, values: items))
            }
        case .unary(let e):
            return compileUnary(e)
        case .binary(let e):
            return compileBinary(e)
        case .logical(let e):
            let left = compileExpression(e.left), right = compileExpression(e.right)
            if e.isAnd {
                return { f in
                    let l = try left(f)
                    return l.isTruthy ? try right(f) : l
                }
            }
            return { f in
                let l = try left(f)
                return l.isTruthy ? l : try right(f)
            }
        case .range(let e):
            let lower = compileExpression(e.lower), upper = compileExpression(e.upper)
            let inclusive = e.isInclusive
            let file = self.file
            return { f in
                let l = try lower(f), u = try upper(f)
                guard case .number(let a) = l, case .number(let b) = u else {
                    throw Diagnostic(.runtime, "a range needs numbers at both ends, got \(describeForError(l)) and \(describeForError(u))",
                                     file: file, at: e.location)
                }
                guard a.isFinite, b.isFinite else {
                    throw Diagnostic(.runtime, "a range needs finite ends, got \(formatNumber(a)) and \(formatNumber(b))", file: file, at: e.location)
                }
                let range = RangeObject(start: a, end: b, isInclusive: inclusive)
                if let stalled = range.stalledElement {
                    throw Diagnostic(.runtime, "a range cannot count by 1 from \(formatNumber(stalled)): past 2^53 consecutive numbers are the same double",
                                     file: file, at: e.location)
                }
                return .range(range)
            }
        case .call(let e):
            return compileCall(e)
        case .methodCall(let e):
            return compileMethodCall(e)
        case .index(let e):
            let object = compileExpression(e.object), index = compileExpression(e.index)
            let interpreter = self.interpreter, file = self.file
            return { f in
                let o = try object(f)
                let i = try index(f)
                if case .list(let l) = o, case .number(let x) = i, x >= 0, x < Double(l.items.count), x == x.rounded(.towardZero) {
                    return l.items[Int(x)]
                }
                return try interpreter.subscriptValue(o, i, file: file, at: e.location)
            }
        case .slice(let e):
            let object = compileExpression(e.object)
            let lower = e.lower.map(compileExpression), upper = e.upper.map(compileExpression)
            let interpreter = self.interpreter, file = self.file
            return { f in
                let o = try object(f)
                let l = try lower?(f) ?? .nil, u = try upper?(f) ?? .nil
                return try interpreter.slice(o, l, u, file: file, at: e.location)
            }
        case .subscripts(let e):
            let object = compileExpression(e.object)
            let parts = e.parts.map(compileSubscriptPart)
            let interpreter = self.interpreter, file = self.file
            return { f in
                let o = try object(f)
                return try interpreter.subscripts(o, try parts.map { try $0(f) }, file: file, at: e.location)
            }
        case .field(let e):
            let object = compileExpression(e.object)
            let interpreter = self.interpreter, file = self.file
            let name = e.name
            return { f in try interpreter.field(try object(f), name, file: file, at: e.location) }
        case .if(let e):
            let statement = compileIfStatement(e)
            let registers = self.registers
            return { f in
                let flow = try statement(f)
                if flow != .normal { throw ControlSignal(flow) }
                return registers.result
            }
        case .try(let e):
            // Used as a value, like `if`: a break, continue or return inside travels as a signal.
            let statement = compileTryStatement(e)
            let registers = self.registers
            return { f in
                let flow = try statement(f)
                if flow != .normal { throw ControlSignal(flow) }
                return registers.result
            }
        case .function(let e):
            let prototype = compileFunction(e)
            return { f in .function(FunctionObject(prototype: prototype, closure: f)) }
        }
    }

    /// A condition as a Bool, with the common comparisons fused so no `Value.bool` is built.
    func compileCondition(_ expr: Expr) -> (Frame) throws -> Bool {
        if let e = expr as? BinaryExpr, [.less, .lessEqual, .greater, .greaterEqual].contains(e.op) {
            let left = compileExpression(e.left)
            let interpreter = self.interpreter, file = self.file
            let op = e.op
            func slow(_ l: Value, _ r: Value) throws -> Bool {
                try interpreter.binary(op, l, r, file: file, at: e.location).isTruthy
            }
            if let c = e.right as? NumberLiteral, let slot = localSlot(e.left) {
                // A local of this frame against a constant (`n < 2`): read the slot in place.
                let k = c.value
                switch op {
                case .less: return { f in if case .number(let x) = f.slots[slot] { return x < k }; return try slow(f.slots[slot], .number(k)) }
                case .lessEqual: return { f in if case .number(let x) = f.slots[slot] { return x <= k }; return try slow(f.slots[slot], .number(k)) }
                case .greater: return { f in if case .number(let x) = f.slots[slot] { return x > k }; return try slow(f.slots[slot], .number(k)) }
                default: return { f in if case .number(let x) = f.slots[slot] { return x >= k }; return try slow(f.slots[slot], .number(k)) }
                }
            }
            if let c = e.right as? NumberLiteral {
                let k = c.value
                // The left side is evaluated once: the slow path gets the same value.
                switch op {
                case .less: return { f in let l = try left(f); if case .number(let x) = l { return x < k }; return try slow(l, .number(k)) }
                case .lessEqual: return { f in let l = try left(f); if case .number(let x) = l { return x <= k }; return try slow(l, .number(k)) }
                case .greater: return { f in let l = try left(f); if case .number(let x) = l { return x > k }; return try slow(l, .number(k)) }
                default: return { f in let l = try left(f); if case .number(let x) = l { return x >= k }; return try slow(l, .number(k)) }
                }
            }
            let right = compileExpression(e.right)
            return { f in
                let l = try left(f), r = try right(f)
                if case .number(let x) = l, case .number(let y) = r {
                    switch op {
                    case .less: return x < y
                    case .lessEqual: return x <= y
                    case .greater: return x > y
                    default: return x >= y
                    }
                }
                return try slow(l, r)
            }
        }
        let value = compileExpression(expr)
        return { f in try value(f).isTruthy }
    }

    private func compileString(_ e: StringLiteral) -> ExprCode {
        if e.parts.isEmpty { return { _ in .string("") } }
        if e.parts.count == 1, case .text(let t) = e.parts[0] {
            let v = Value.string(t)
            return { _ in v }
        }
        enum Piece { case text(String), code(ExprCode) }
        let pieces: [Piece] = e.parts.map {
            switch $0 {
            case .text(let t): return .text(t)
            case .expression(let x): return .code(compileExpression(x))
            }
        }
        return { f in
            var out = ""
            for piece in pieces {
                switch piece {
                case .text(let t): out += t
                case .code(let c): out += ValueFormatter.str(try c(f))
                }
            }
            return .string(out)
        }
    }

    private func compileUnary(_ e: UnaryExpr) -> ExprCode {
        let operand = compileExpression(e.operand)
        let interpreter = self.interpreter, file = self.file
        switch e.op {
        case .not:
            return { f in .bool(!(try operand(f)).isTruthy) }
        case .negate:
            return { f in
                let v = try operand(f)
                if case .number(let x) = v { return .number(-x) }
                return try interpreter.negate(v, file: file, at: e.location)
            }
        case .plus:
            return { f in
                let v = try operand(f)
                if case .number = v { return v }
                throw Diagnostic(.runtime, "unary '+' needs a number, got \(describeForError(v))", file: file, at: e.location)
            }
        }
    }

    private func compileBinary(_ e: BinaryExpr) -> ExprCode {
        let left = compileExpression(e.left), right = compileExpression(e.right)
        let interpreter = self.interpreter, file = self.file, location = e.location
        let op = e.op
        @inline(__always) func slow(_ l: Value, _ r: Value) throws -> Value {
            try interpreter.binary(op, l, r, file: file, at: location)
        }
        // Number fast paths per operator; everything else goes through Interpreter.binary.
        switch op {
        case .add:
            if let c = e.right as? NumberLiteral, let slot = localSlot(e.left) {
                let k = c.value
                return { f in
                    if case .number(let x) = f.slots[slot] { return .number(x + k) }
                    return try slow(f.slots[slot], .number(k))
                }
            }
            if let c = e.right as? NumberLiteral {
                let k = c.value
                return { f in
                    let l = try left(f)
                    if case .number(let x) = l { return .number(x + k) }
                    return try slow(l, .number(k))
                }
            }
            return { f in
                let l = try left(f), r = try right(f)
                if case .number(let x) = l, case .number(let y) = r { return .number(x + y) }
                return try slow(l, r)
            }
        case .subtract:
            if let c = e.right as? NumberLiteral, let slot = localSlot(e.left) {
                let k = c.value
                return { f in
                    if case .number(let x) = f.slots[slot] { return .number(x - k) }
                    return try slow(f.slots[slot], .number(k))
                }
            }
            if let c = e.right as? NumberLiteral {
                let k = c.value
                return { f in
                    let l = try left(f)
                    if case .number(let x) = l { return .number(x - k) }
                    return try slow(l, .number(k))
                }
            }
            return { f in
                let l = try left(f), r = try right(f)
                if case .number(let x) = l, case .number(let y) = r { return .number(x - y) }
                return try slow(l, r)
            }
        case .multiply:
            return { f in
                let l = try left(f), r = try right(f)
                if case .number(let x) = l, case .number(let y) = r { return .number(x * y) }
                return try slow(l, r)
            }
        case .divide:
            return { f in
                let l = try left(f), r = try right(f)
                if case .number(let x) = l, case .number(let y) = r, y != 0 { return .number(x / y) }
                return try slow(l, r)
            }
        case .remainder:
            return { f in
                let l = try left(f), r = try right(f)
                if case .number(let x) = l, case .number(let y) = r, y != 0 { return .number(flooredRemainder(x, y)) }
                return try slow(l, r)
            }
        case .less, .lessEqual, .greater, .greaterEqual:
            let condition = compileCondition(e)
            return { f in .bool(try condition(f)) }
        case .equal:
            return { f in
                let l = try left(f), r = try right(f)
                if case .number(let x) = l, case .number(let y) = r { return .bool(x == y) }
                return .bool(valuesEqual(l, r))
            }
        case .notEqual:
            return { f in
                let l = try left(f), r = try right(f)
                if case .number(let x) = l, case .number(let y) = r { return .bool(x != y) }
                return .bool(!valuesEqual(l, r))
            }
        default:
            return { f in try slow(try left(f), try right(f)) }
        }
    }

    // MARK: calls

    private func compileArguments(_ arguments: [Argument]) -> (positional: [ExprCode], labels: [String], keyword: [ExprCode]) {
        var positional: [ExprCode] = [], labels: [String] = [], keyword: [ExprCode] = []
        for argument in arguments {
            let code = compileExpression(argument.value)
            if let label = argument.label {
                labels.append(label)
                keyword.append(code)
            } else {
                positional.append(code)
            }
        }
        return (positional, labels, keyword)
    }

    private func compileCall(_ e: CallExpr) -> ExprCode {
        let callee = compileExpression(e.callee)
        let interpreter = self.interpreter, file = self.file, location = e.location
        let site = CallSite(file: file, location: location)
        if e.arguments.count <= 2, e.arguments.allSatisfy({ $0.label == nil }) {
            return compileSmallCall(callee, e.arguments.map(\.value), site: site)
        }
        let (positional, labels, keyword) = compileArguments(e.arguments)
        if labels.isEmpty {
            let count = positional.count
            return { f in
                let target = try callee(f)
                if case .function(let function) = target, count <= function.prototype.parameterCount {
                    // Fast path: arguments evaluated straight into the callee's frame.
                    let prototype = function.prototype
                    var frame = prototype.frame(parent: function.closure)
                    for i in 0..<count { frame.setArgument(i, try positional[i](f)) }
                    if count < prototype.parameterCount {
                        try interpreter.fillDefaults(prototype, frame, given: count, site: site)
                    }
                    return try interpreter.invokePooled(function, &frame, site: site)
                }
                var values: [Value] = []
                values.reserveCapacity(count)
                for code in positional { values.append(try code(f)) }
                return try interpreter.call(target, values, [], site: site)
            }
        }
        return { f in
            let target = try callee(f)
            var values: [Value] = []
            for code in positional { values.append(try code(f)) }
            var keywords: [(String, Value)] = []
            for i in 0..<labels.count { keywords.append((labels[i], try keyword[i](f))) }
            return try interpreter.call(target, values, keywords, site: site)
        }
    }

    /// A call with at most two positional arguments (most calls): each argument's code is held
    /// in its own constant rather than an array, whose elements are called through a
    /// reabstraction thunk, and a user function taking exactly that many parameters gets its
    /// frame (from its pool) filled directly.
    private func compileSmallCall(_ callee: @escaping ExprCode, _ arguments: [Expr], site: CallSite) -> ExprCode {
        let interpreter = self.interpreter
        @inline(__always) func general(_ target: Value, _ values: [Value]) throws -> Value {
            if case .function(let function) = target, values.count < function.prototype.parameterCount {
                let prototype = function.prototype
                var frame = prototype.frame(parent: function.closure)
                for i in values.indices { frame.slots[i] = values[i] }
                try interpreter.fillDefaults(prototype, frame, given: values.count, site: site)
                return try interpreter.invokePooled(function, &frame, site: site)
            }
            return try interpreter.call(target, values, [], site: site)
        }
        // A built-in whose parameters the arguments match exactly (`abs(x)`, `len(xs)` in a
        // notebook's loop) is run directly, its argument array reused from call to call: the
        // array is unique again once the built-in returns (unless the built-in kept it, and then
        // the next call simply makes a new one).
        let buffer = ArgumentBuffer()
        @inline(__always) func exactBuiltin(_ target: Value, _ count: Int) -> BuiltinFunction? {
            if case .builtin(let builtin) = target, builtin.receiver == nil, builtin.parameters.count == count { return builtin }
            return nil
        }
        switch arguments.count {
        case 0:
            return { f in
                let target = try callee(f)
                if case .function(let function) = target, function.prototype.parameterCount == 0 {
                    var frame = function.prototype.frame(parent: function.closure)
                    return try interpreter.invokePooled(function, &frame, site: site)
                }
                return try general(target, [])
            }
        case 1:
            let a0 = compileExpression(arguments[0])
            return { f in
                let target = try callee(f)
                let v0 = try a0(f)
                if case .function(let function) = target, function.prototype.parameterCount == 1 {
                    var frame = function.prototype.frame(parent: function.closure)
                    frame.setArgument(0, v0)
                    return try interpreter.invokePooled(function, &frame, site: site)
                }
                if let builtin = exactBuiltin(target, 1) {
                    var values = buffer.take()
                    values.append(v0)
                    let result = try interpreter.runBuiltin(builtin, values, [], site: site)
                    buffer.give(&values)
                    return result
                }
                return try general(target, [v0])
            }
        default:
            let a0 = compileExpression(arguments[0]), a1 = compileExpression(arguments[1])
            return { f in
                let target = try callee(f)
                let v0 = try a0(f)
                let v1 = try a1(f)
                if case .function(let function) = target, function.prototype.parameterCount == 2 {
                    var frame = function.prototype.frame(parent: function.closure)
                    frame.setArgument(0, v0)
                    frame.setArgument(1, v1)
                    return try interpreter.invokePooled(function, &frame, site: site)
                }
                if let builtin = exactBuiltin(target, 2) {
                    var values = buffer.take()
                    values.append(v0)
                    values.append(v1)
                    let result = try interpreter.runBuiltin(builtin, values, [], site: site)
                    buffer.give(&values)
                    return result
                }
                return try general(target, [v0, v1])
            }
        }
    }

    private func compileMethodCall(_ e: MethodCallExpr) -> ExprCode {
        let object = compileExpression(e.object)
        if e.arguments.count <= 2, e.arguments.allSatisfy({ $0.label == nil }) {
            return compileSmallMethodCall(e, object)
        }
        let (positional, labels, keyword) = compileArguments(e.arguments)
        let interpreter = self.interpreter, file = self.file
        let site = CallSite(file: file, location: e.location)
        let name = e.name
        if labels.isEmpty {
            let dispatch = compileMethodDispatch(e)
            return { f in
                let receiver = try object(f)
                var values: [Value] = []
                values.reserveCapacity(positional.count + 1)
                values.append(receiver)
                for code in positional { values.append(try code(f)) }
                return try dispatch(receiver, values)
            }
        }
        return { f in
            let receiver = try object(f)
            var values: [Value] = []
            values.reserveCapacity(positional.count + 1)
            for code in positional { values.append(try code(f)) }
            var keywords: [(String, Value)] = []
            for i in 0..<labels.count { keywords.append((labels[i], try keyword[i](f))) }
            return try interpreter.callMethod(receiver, name, values, keywords, site: site)
        }
    }

    /// A method call with at most two positional arguments, each code in its own constant. Two
    /// cases skip the general dispatch: `xs.push(x)` on a list appends at the call site (building
    /// results in loops is the hottest list operation), and a record field holding a function of
    /// that many parameters (`r.f(x)`, the language's methods on records) is called directly in
    /// a pooled frame. The receiver and the arguments are evaluated first, in order, as the
    /// general path does; any other receiver or member takes that path and its errors.
    private func compileSmallMethodCall(_ e: MethodCallExpr, _ object: @escaping ExprCode) -> ExprCode {
        let interpreter = self.interpreter
        let site = CallSite(file: file, location: e.location)
        let name = e.name
        let dispatch = compileMethodDispatch(e)
        // The receiver and arguments for the general dispatch, in an array reused from call to
        // call as `compileSmallCall` does for built-ins (`t.add(row)`, `s.upper()`).
        let buffer = ArgumentBuffer()
        @inline(__always) func general(_ receiver: Value, _ count: Int, _ v0: Value = .nil, _ v1: Value = .nil) throws -> Value {
            var values = buffer.take()
            values.append(receiver)
            if count > 0 { values.append(v0) }
            if count > 1 { values.append(v1) }
            let result = try dispatch(receiver, values)
            buffer.give(&values)
            return result
        }
        @inline(__always) func recordMethod(_ receiver: Value, arity: Int) -> FunctionObject? {
            if case .record(let r) = receiver, case .function(let function)? = r.get(name),
               function.prototype.parameterCount == arity {
                return function
            }
            return nil
        }
        switch e.arguments.count {
        case 0:
            return { f in
                let receiver = try object(f)
                if let function = recordMethod(receiver, arity: 0) {
                    var frame = function.prototype.frame(parent: function.closure)
                    return try interpreter.invokePooled(function, &frame, site: site)
                }
                return try general(receiver, 0)
            }
        case 1:
            let a0 = compileExpression(e.arguments[0].value)
            if name == "push" {
                return { f in
                    let receiver = try object(f)
                    let v0 = try a0(f)
                    // At the list limit the general path raises the "memory limit" error.
                    if case .list(let list) = receiver, list.items.count < RuntimeLimits.maxListElements {
                        list.items.append(v0)
                        return .nil
                    }
                    return try general(receiver, 1, v0)
                }
            }
            return { f in
                let receiver = try object(f)
                let v0 = try a0(f)
                if let function = recordMethod(receiver, arity: 1) {
                    var frame = function.prototype.frame(parent: function.closure)
                    frame.setArgument(0, v0)
                    return try interpreter.invokePooled(function, &frame, site: site)
                }
                return try general(receiver, 1, v0)
            }
        default:
            let a0 = compileExpression(e.arguments[0].value), a1 = compileExpression(e.arguments[1].value)
            return { f in
                let receiver = try object(f)
                let v0 = try a0(f)
                let v1 = try a1(f)
                if let function = recordMethod(receiver, arity: 2) {
                    var frame = function.prototype.frame(parent: function.closure)
                    frame.setArgument(0, v0)
                    frame.setArgument(1, v1)
                    return try interpreter.invokePooled(function, &frame, site: site)
                }
                return try general(receiver, 2, v0, v1)
            }
        }
    }

    /// Calls method `e.name` of an evaluated receiver with positional arguments (`values` holds
    /// the receiver first, then the arguments).
    private func compileMethodDispatch(_ e: MethodCallExpr) -> (Value, [Value]) throws -> Value {
        let interpreter = self.interpreter, file = self.file
        let site = CallSite(file: file, location: e.location)
        let name = e.name
        // The built-in found for the last receiver kind, so `s.upper()` in a loop does not look
        // the method up by name each time. Records and domain objects are not cached: their
        // fields come first, and their methods depend on more than the value's case.
        let cache = MethodCache()
        let registry = interpreter.registry
        return { receiver, values in
            let kind = receiver.methodCacheKind
            if kind >= 0 {
                let entry = cache.entry
                if kind != entry.pointee.kind, let method = registry.method(name, of: receiver.typeName) {
                    entry.pointee = (kind, method)
                }
                if kind == entry.pointee.kind, let method = entry.pointee.method {
                    return try interpreter.callBuiltin(method, values, [], site: site)
                }
            }
            return try interpreter.callMethod(receiver, name, Array(values.dropFirst()), [], site: site)
        }
    }
}

/// One call site's argument array for built-ins, kept between calls (see `compileSmallCall`).
/// A raw pointer, like `MethodCache`, so taking and returning it pays no exclusivity check.
private final class ArgumentBuffer {
    private let storage = UnsafeMutablePointer<[Value]>.allocate(capacity: 1)
    init() { storage.initialize(to: []) }
    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// The array, empty, leaving an empty one behind (a built-in calling back into the same call
    /// site gets that one).
    @inline(__always) func take() -> [Value] {
        let values = storage.move()
        storage.initialize(to: [])
        return values
    }

    @inline(__always) func give(_ values: inout [Value]) {
        values.removeAll(keepingCapacity: true)
        swap(&storage.pointee, &values)
    }
}

/// One call site's cached method. A raw pointer rather than stored properties: a class's
/// mutable properties (and a closure's captured variables) pay a dynamic exclusivity check on
/// every access, which costs more than the lookup being saved.
private final class MethodCache {
    let entry = UnsafeMutablePointer<(kind: Int, method: BuiltinFunction?)>.allocate(capacity: 1)
    init() { entry.initialize(to: (-1, nil)) }
    deinit {
        entry.deinitialize(count: 1)
        entry.deallocate()
    }
}

private extension Value {
    /// For method-call caches: an index for values whose methods depend only on their case, or
    /// -1 (records: a field may hold a function; domain objects: the type name varies).
    var methodCacheKind: Int {
        switch self {
        case .nil: return 0
        case .bool: return 1
        case .number: return 2
        case .string: return 3
        case .list: return 4
        case .function, .builtin: return 5
        case .range: return 6
        case .table: return 7
        case .record, .object: return -1
        }
    }
}

/// Where a call happens, for errors and the call stack.
struct CallSite {
    let file: SourceFile
    let location: SourceLocation
}
