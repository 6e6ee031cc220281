/// `[element for x in xs if condition for y in ys ...]`: a list built by walking its `for`
/// clauses left to right as nested loops (the first is the outermost) and keeping the
/// combinations that pass every `if` clause, as Python's list comprehension does. Each `for`
/// clause declares its names in a scope of its own, so a clause and the element see the names
/// of the clauses before them, and a closure made in the element captures one iteration's values.
public final class ComprehensionExpr: Node, Expr {
    public var kind: ExpressionKind { .comprehension(self) }
    public enum Clause {
        case `for`(ComprehensionLoop)
        case `if`(Expr)
    }
    public let element: Expr
    /// Starts with a `for` clause (the parser guarantees it).
    public let clauses: [Clause]
    init(_ element: Expr, _ clauses: [Clause], _ location: SourceLocation) {
        self.element = element; self.clauses = clauses
        super.init(location)
    }
}

/// One `for binding in iterable` clause of a comprehension.
public final class ComprehensionLoop {
    public let binding: Binding
    public let iterable: Expr
    public let location: SourceLocation
    /// The loop's names and its scope, set by the resolver.
    public var declarations: [Declaration] = []
    public var scope: Scope?
    init(_ binding: Binding, _ iterable: Expr, _ location: SourceLocation) {
        self.binding = binding; self.iterable = iterable; self.location = location
    }
}
