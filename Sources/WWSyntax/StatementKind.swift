/// Every kind of statement, one case per node class. Passes over the tree switch on a node's
/// `kind` with no `default`, so a new kind of statement fails the build until each pass handles
/// it, instead of reaching a run-time "unknown node" error.
public enum StatementKind {
    case `let`(LetStmt)
    case param(ParamStmt)
    case function(FunctionStmt)
    case `import`(ImportStmt)
    case `for`(ForStmt)
    case `while`(WhileStmt)
    case `return`(ReturnStmt)
    case `break`(BreakStmt)
    case `continue`(ContinueStmt)
    case assign(AssignStmt)
    case expression(ExprStmt)
}
