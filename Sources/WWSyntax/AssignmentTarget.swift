/// What an assignment stores into: a variable, a record's field or an element. The parser builds
/// one or reports the error, so the resolver and the compiler handle exactly these three.
public enum AssignmentTarget {
    case variable(Identifier)
    case field(FieldExpr)
    case element(IndexExpr)

    /// The target `expression = ...` assigns to, or nil when nothing can be stored there. Every
    /// kind is listed, so a new kind of expression must decide whether it is assignable.
    init?(_ expression: Expr) {
        switch expression.kind {
        case .identifier(let e): self = .variable(e)
        case .field(let e): self = .field(e)
        case .index(let e): self = .element(e)
        case .number, .string, .bool, .nil, .list, .comprehension, .record, .unary, .binary, .logical, .range,
             .call, .methodCall, .slice, .subscripts, .if, .try, .function:
            return nil
        }
    }

    /// The target as the expression that was written.
    public var expression: Expr {
        switch self {
        case .variable(let e): e
        case .field(let e): e
        case .element(let e): e
        }
    }
}
