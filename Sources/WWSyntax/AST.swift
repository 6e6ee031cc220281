/// The syntax tree. Nodes are classes so the resolver can annotate them in place (which
/// declaration a name refers to, which variables closures capture) for the compiler to read.
/// A pass that handles every kind of node switches on its `kind` (`ExpressionKind`, `StatementKind`).
public class Node {
    public let location: SourceLocation
    init(_ location: SourceLocation) { self.location = location }
}

// MARK: - Declarations (resolver annotations)

/// A named binding: a variable, constant, parameter, function or import. Created by the
/// resolver; the compiler gives it a storage slot.
public final class Declaration {
    public enum Kind: String, Sendable {
        case constant = "constant"       // let
        case variable = "variable"       // var
        case parameter = "parameter"     // param (notebook parameter)
        case function = "function"       // fn name
        case argument = "argument"       // a function's parameter
        case module = "module"           // import
        case builtin = "built-in"
    }
    public let name: String
    public let kind: Kind
    public let location: SourceLocation
    public let isGlobal: Bool
    /// Set when a function nested inside the declaring function refers to it: such variables
    /// live in a frame that outlives the call, and a loop gives each iteration its own.
    public var isCaptured = false
    /// Storage assigned by the compiler: a slot index in its frame (or in the globals).
    public var slot = -1
    /// The frame layout owning the slot (compiler bookkeeping, opaque to the syntax module).
    public var frameOwner: AnyObject?

    public init(name: String, kind: Kind, location: SourceLocation, isGlobal: Bool) {
        self.name = name
        self.kind = kind
        self.location = location
        self.isGlobal = isGlobal
    }

    public var isAssignable: Bool { kind == .variable || kind == .argument }
}

/// A lexical scope created by the resolver for a block or a function body.
public final class Scope {
    public var declarations: [Declaration] = []
    public let isFunction: Bool
    public init(isFunction: Bool) { self.isFunction = isFunction }
    public var hasCaptured: Bool { declarations.contains { $0.isCaptured } }
}

// MARK: - Expressions

/// An expression node. A protocol rather than a base class: each node class must then state its
/// `ExpressionKind` itself, where a base class would let a new node inherit a run-time fallback.
public protocol Expr: Node {
    var kind: ExpressionKind { get }
}

public final class NumberLiteral: Node, Expr {
    public var kind: ExpressionKind { .number(self) }
    public let value: Double
    init(_ value: Double, _ location: SourceLocation) { self.value = value; super.init(location) }
}

public final class StringLiteral: Node, Expr {
    public var kind: ExpressionKind { .string(self) }
    public enum Part { case text(String), expression(Expr) }
    public let parts: [Part]
    init(_ parts: [Part], _ location: SourceLocation) { self.parts = parts; super.init(location) }
}

public final class BoolLiteral: Node, Expr {
    public var kind: ExpressionKind { .bool(self) }
    public let value: Bool
    init(_ value: Bool, _ location: SourceLocation) { self.value = value; super.init(location) }
}

public final class NilLiteral: Node, Expr {
    public var kind: ExpressionKind { .nil(self) }
}

public final class Identifier: Node, Expr {
    public var kind: ExpressionKind { .identifier(self) }
    public let name: String
    /// Set by the resolver.
    public var declaration: Declaration?
    init(_ name: String, _ location: SourceLocation) { self.name = name; super.init(location) }
}

public final class ListLiteral: Node, Expr {
    public var kind: ExpressionKind { .list(self) }
    public let elements: [Expr]
    init(_ elements: [Expr], _ location: SourceLocation) { self.elements = elements; super.init(location) }
}

public final class RecordLiteral: Node, Expr {
    public var kind: ExpressionKind { .record(self) }
    public struct Entry { public let key: String; public let value: Expr }
    public let entries: [Entry]
    init(_ entries: [Entry], _ location: SourceLocation) { self.entries = entries; super.init(location) }
}

public enum UnaryOperator: String, Sendable { case negate = "-", plus = "+", not = "not" }

public final class UnaryExpr: Node, Expr {
    public var kind: ExpressionKind { .unary(self) }
    public let op: UnaryOperator
    public let operand: Expr
    init(_ op: UnaryOperator, _ operand: Expr, _ location: SourceLocation) {
        self.op = op; self.operand = operand; super.init(location)
    }
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "^"
    case matmul = "@", concat = "++"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case contains = "in", notContains = "not in"
}

public final class BinaryExpr: Node, Expr {
    public var kind: ExpressionKind { .binary(self) }
    public let op: BinaryOperator
    public let left: Expr
    public let right: Expr
    init(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ location: SourceLocation) {
        self.op = op; self.left = left; self.right = right; super.init(location)
    }
}

public final class LogicalExpr: Node, Expr {
    public var kind: ExpressionKind { .logical(self) }
    public let isAnd: Bool
    public let left: Expr
    public let right: Expr
    init(isAnd: Bool, _ left: Expr, _ right: Expr, _ location: SourceLocation) {
        self.isAnd = isAnd; self.left = left; self.right = right; super.init(location)
    }
}

public final class RangeExpr: Node, Expr {
    public var kind: ExpressionKind { .range(self) }
    public let lower: Expr
    public let upper: Expr
    public let isInclusive: Bool
    init(_ lower: Expr, _ upper: Expr, isInclusive: Bool, _ location: SourceLocation) {
        self.lower = lower; self.upper = upper; self.isInclusive = isInclusive; super.init(location)
    }
}

public struct Argument {
    public let label: String?
    public let value: Expr
    public let location: SourceLocation
}

public final class CallExpr: Node, Expr {
    public var kind: ExpressionKind { .call(self) }
    public let callee: Expr
    public let arguments: [Argument]
    init(_ callee: Expr, _ arguments: [Argument], _ location: SourceLocation) {
        self.callee = callee; self.arguments = arguments; super.init(location)
    }
}

/// `object.name(arguments)`: kept apart from a field read followed by a call so methods of
/// built-in types are called without building a bound-method value.
public final class MethodCallExpr: Node, Expr {
    public var kind: ExpressionKind { .methodCall(self) }
    public let object: Expr
    public let name: String
    public let arguments: [Argument]
    init(_ object: Expr, _ name: String, _ arguments: [Argument], _ location: SourceLocation) {
        self.object = object; self.name = name; self.arguments = arguments; super.init(location)
    }
}

public final class IndexExpr: Node, Expr {
    public var kind: ExpressionKind { .index(self) }
    public let object: Expr
    public let index: Expr
    init(_ object: Expr, _ index: Expr, _ location: SourceLocation) {
        self.object = object; self.index = index; super.init(location)
    }
}

public final class SliceExpr: Node, Expr {
    public var kind: ExpressionKind { .slice(self) }
    public let object: Expr
    public let lower: Expr?
    public let upper: Expr?
    init(_ object: Expr, _ lower: Expr?, _ upper: Expr?, _ location: SourceLocation) {
        self.object = object; self.lower = lower; self.upper = upper; super.init(location)
    }
}

/// One part of `t[a, b:c, ::d]`: a position or a `start:stop:step` range, each bound optional.
public enum SubscriptPart {
    case index(Expr)
    case range(start: Expr?, stop: Expr?, step: Expr?)
}

/// A subscript with several parts or a step (`m[0:3, :]`, `v[::2]`): tensors' basic indexing.
/// `x[i]` and `x[a:b]` stay ``IndexExpr`` and ``SliceExpr``, so lists, strings and tables
/// (and an assignment `x[i] = v`) are untouched.
public final class SubscriptsExpr: Node, Expr {
    public var kind: ExpressionKind { .subscripts(self) }
    public let object: Expr
    public let parts: [SubscriptPart]
    init(_ object: Expr, _ parts: [SubscriptPart], _ location: SourceLocation) {
        self.object = object; self.parts = parts; super.init(location)
    }
}

public final class FieldExpr: Node, Expr {
    public var kind: ExpressionKind { .field(self) }
    public let object: Expr
    public let name: String
    init(_ object: Expr, _ name: String, _ location: SourceLocation) {
        self.object = object; self.name = name; super.init(location)
    }
}

public final class IfExpr: Node, Expr {
    public var kind: ExpressionKind { .if(self) }
    public struct Branch { public let condition: Expr; public let body: Block }
    public let branches: [Branch]
    public let elseBody: Block?
    init(_ branches: [Branch], _ elseBody: Block?, _ location: SourceLocation) {
        self.branches = branches; self.elseBody = elseBody; super.init(location)
    }
}

/// `try { body } catch name { handler }`: runs `handler`, with the runtime error as a record
/// bound to `name` (when given), if `body` fails. Like `if`, its value is the value of the block
/// that ran last.
public final class TryExpr: Node, Expr {
    public var kind: ExpressionKind { .try(self) }
    public let body: Block
    public let errorName: String?
    public let errorLocation: SourceLocation
    public let handler: Block
    /// The catch variable, set by the resolver.
    public var errorDeclaration: Declaration?
    init(_ body: Block, errorName: String?, errorLocation: SourceLocation, handler: Block, _ location: SourceLocation) {
        self.body = body; self.errorName = errorName; self.errorLocation = errorLocation; self.handler = handler
        super.init(location)
    }
}

public final class Parameter {
    public let name: String
    public let defaultValue: Expr?
    public let location: SourceLocation
    public var declaration: Declaration?
    init(name: String, defaultValue: Expr?, location: SourceLocation) {
        self.name = name; self.defaultValue = defaultValue; self.location = location
    }
}

/// A function literal or declaration. `body` is a block; `=> expr` is parsed into a block holding
/// one expression statement.
public final class FunctionExpr: Node, Expr {
    public var kind: ExpressionKind { .function(self) }
    public let name: String?
    public let parameters: [Parameter]
    public let body: Block
    public var scope: Scope?
    init(name: String?, parameters: [Parameter], body: Block, _ location: SourceLocation) {
        self.name = name; self.parameters = parameters; self.body = body; super.init(location)
    }
}

// MARK: - Statements

/// A statement node; a protocol for the same reason as `Expr`.
public protocol Stmt: Node {
    var kind: StatementKind { get }
}

public final class Block: Node {
    public let statements: [Stmt]
    public var scope: Scope?
    init(_ statements: [Stmt], _ location: SourceLocation) { self.statements = statements; super.init(location) }
}

/// The names a `let`, `var` or `for` binds: one name, or a parenthesised list that destructures.
public struct Binding {
    public let names: [String]
    public let locations: [SourceLocation]
    public let isDestructuring: Bool
}

public final class LetStmt: Node, Stmt {
    public var kind: StatementKind { .let(self) }
    public let binding: Binding
    public let isMutable: Bool
    public let value: Expr
    public var declarations: [Declaration] = []
    init(_ binding: Binding, isMutable: Bool, _ value: Expr, _ location: SourceLocation) {
        self.binding = binding; self.isMutable = isMutable; self.value = value; super.init(location)
    }
}

public final class ParamStmt: Node, Stmt {
    public var kind: StatementKind { .param(self) }
    public let name: String
    public let value: Expr
    public var declaration: Declaration?
    init(_ name: String, _ value: Expr, _ location: SourceLocation) { self.name = name; self.value = value; super.init(location) }
}

public final class FunctionStmt: Node, Stmt {
    public var kind: StatementKind { .function(self) }
    public let function: FunctionExpr
    public var declaration: Declaration?
    init(_ function: FunctionExpr, _ location: SourceLocation) { self.function = function; super.init(location) }
}

public final class ImportStmt: Node, Stmt {
    public var kind: StatementKind { .import(self) }
    public let path: String
    public let alias: String?
    public var declaration: Declaration?
    /// The name the module is bound to: the alias, or the file's stem.
    public var boundName: String {
        if let alias { return alias }
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".wwn") ? String(file.dropLast(4)) : file
    }
    init(_ path: String, alias: String?, _ location: SourceLocation) { self.path = path; self.alias = alias; super.init(location) }
}

public final class ForStmt: Node, Stmt {
    public var kind: StatementKind { .for(self) }
    public let binding: Binding
    public let iterable: Expr
    public let body: Block
    public var declarations: [Declaration] = []
    init(_ binding: Binding, _ iterable: Expr, _ body: Block, _ location: SourceLocation) {
        self.binding = binding; self.iterable = iterable; self.body = body; super.init(location)
    }
}

public final class WhileStmt: Node, Stmt {
    public var kind: StatementKind { .while(self) }
    public let condition: Expr
    public let body: Block
    init(_ condition: Expr, _ body: Block, _ location: SourceLocation) { self.condition = condition; self.body = body; super.init(location) }
}

public final class ReturnStmt: Node, Stmt {
    public var kind: StatementKind { .return(self) }
    public let value: Expr?
    init(_ value: Expr?, _ location: SourceLocation) { self.value = value; super.init(location) }
}

public final class BreakStmt: Node, Stmt {
    public var kind: StatementKind { .break(self) }
}
public final class ContinueStmt: Node, Stmt {
    public var kind: StatementKind { .continue(self) }
}

public enum AssignmentOperator: String, Sendable {
    case assign = "=", add = "+=", subtract = "-=", multiply = "*=", divide = "/="
}

public final class AssignStmt: Node, Stmt {
    public var kind: StatementKind { .assign(self) }
    public let destination: AssignmentTarget
    public let op: AssignmentOperator
    public let value: Expr
    /// The destination as the expression that was written.
    public var target: Expr { destination.expression }
    init(_ destination: AssignmentTarget, _ op: AssignmentOperator, _ value: Expr, _ location: SourceLocation) {
        self.destination = destination; self.op = op; self.value = value; super.init(location)
    }
}

public final class ExprStmt: Node, Stmt {
    public var kind: StatementKind { .expression(self) }
    public let expression: Expr
    /// Ended by `;`: at top level its value is not displayed.
    public let isSilenced: Bool
    init(_ expression: Expr, isSilenced: Bool, _ location: SourceLocation) {
        self.expression = expression; self.isSilenced = isSilenced; super.init(location)
    }
}

/// A parsed file: its statements and the source they came from.
public final class Program {
    public let file: SourceFile
    public let statements: [Stmt]
    public var scope: Scope?
    init(file: SourceFile, statements: [Stmt]) { self.file = file; self.statements = statements }

    /// The `param` declarations, in order, for `wwn run -p` validation before anything runs.
    public var parameters: [ParamStmt] { statements.compactMap { $0 as? ParamStmt } }
}
