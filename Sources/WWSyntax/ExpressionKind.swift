/// Every kind of expression, one case per node class. Passes over the tree switch on a node's
/// `kind` with no `default`, so a new kind of expression fails the build until each pass handles
/// it, instead of reaching a run-time "unknown node" error.
public enum ExpressionKind {
    case number(NumberLiteral)
    case string(StringLiteral)
    case bool(BoolLiteral)
    case `nil`(NilLiteral)
    case identifier(Identifier)
    case list(ListLiteral)
    case comprehension(ComprehensionExpr)
    case record(RecordLiteral)
    case unary(UnaryExpr)
    case binary(BinaryExpr)
    case logical(LogicalExpr)
    case range(RangeExpr)
    case call(CallExpr)
    case methodCall(MethodCallExpr)
    case index(IndexExpr)
    case slice(SliceExpr)
    case subscripts(SubscriptsExpr)
    case field(FieldExpr)
    case `if`(IfExpr)
    case `try`(TryExpr)
    case function(FunctionExpr)
}
