/// Recursive-descent parser following grammar/wwn.ebnf rule by rule (each method names its rule).
/// Stops at the first error: a diagnostic with the offending token underlined. Errors at the end
/// of the input are marked incomplete so the REPL can ask for another line instead.
public struct Parser {
    private var lexer: Lexer
    private var buffer: [Token] = []
    private var current: Token
    private var depth = 0
    /// False while parsing the head of `if`, `while` and `for`, where `{` opens the body, not a
    /// record (Rust's rule for struct literals); parentheses restore it.
    private var allowRecord = true

    public init(file: SourceFile) throws {
        lexer = Lexer(file: file)
        current = Token(kind: .eof, offset: 0, length: 0, line: 1, column: 1)
        current = try lexer.next()
    }

    init(lexer: Lexer) throws {
        self.lexer = lexer
        current = Token(kind: .eof, offset: 0, length: 0, line: 1, column: 1)
        current = try self.lexer.next()
    }

    /// Parses a whole file.
    public static func parse(_ file: SourceFile) throws -> Program {
        var parser = try Parser(file: file)
        return try parser.parseProgram()
    }

    // MARK: Token handling

    private mutating func advance() throws -> Token {
        let previous = current
        if buffer.isEmpty { current = try lexer.next() } else { current = buffer.removeFirst() }
        return previous
    }

    private mutating func lookahead(_ n: Int) throws -> Token {
        if n == 0 { return current }
        while buffer.count < n { buffer.append(try lexer.next()) }
        return buffer[n - 1]
    }

    private func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    private mutating func match(_ kind: TokenKind) throws -> Bool {
        guard current.kind == kind else { return false }
        _ = try advance()
        return true
    }

    @discardableResult
    private mutating func expect(_ kind: TokenKind, _ what: String) throws -> Token {
        guard current.kind == kind else { throw error("expected \(what) but found \(describe(current))") }
        return try advance()
    }

    private func text(_ token: Token) -> String {
        let bytes = lexer.sourceBytes
        let end = min(token.offset + token.length, bytes.count)
        guard token.offset < end else { return "" }
        return String(decoding: bytes[token.offset..<end], as: UTF8.self)
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .eof: return "end of input"
        case .newline: return "end of line"
        case .identifier: return "name '\(text(token))'"
        case .number: return "number \(text(token))"
        case .string: return "a string"
        default:
            let t = text(token)
            return TokenKind.keywords[t] != nil ? "keyword '\(t)'" : "'\(t)'"
        }
    }

    private func error(_ message: String, at token: Token? = nil, notes: [String] = []) -> Diagnostic {
        let token = token ?? current
        var d = Diagnostic(.syntax, message, file: lexer.file, at: token.location, length: max(1, token.length), notes: notes)
        d.isIncomplete = token.kind == .eof
        return d
    }

    private mutating func enter() throws {
        depth += 1
        if depth > SyntaxLimits.maxNestingDepth {
            throw error("nested too deeply (more than \(SyntaxLimits.maxNestingDepth) levels of brackets, blocks or operators)")
        }
    }

    private mutating func leave() { depth -= 1 }

    /// One more operator in a left-associative chain (`a + b + c`): the parser loops, but the tree
    /// it builds nests one level per operator, and the resolver and compiler recurse on it, so a
    /// 100,000-term chain must stop here rather than overflow their stacks. The caller undoes
    /// `levels` when the chain ends.
    private mutating func enterChain(_ levels: inout Int) throws {
        try enter()
        levels += 1
    }

    private mutating func skipNewlines() throws {
        while current.kind == .newline || current.kind == .semicolon { _ = try advance() }
    }

    // MARK: program, block

    public mutating func parseProgram() throws -> Program {
        var statements: [Stmt] = []
        try skipNewlines()
        while !check(.eof) {
            statements.append(try statement(inBlock: false))
            try skipNewlines()
        }
        return Program(file: lexer.file, statements: statements)
    }

    private mutating func block() throws -> Block {
        try enter()
        defer { leave() }
        let open = try expect(.leftBrace, "'{'")
        var statements: [Stmt] = []
        let savedAllow = allowRecord
        allowRecord = true
        defer { allowRecord = savedAllow }
        try skipNewlines()
        while !check(.rightBrace) {
            if check(.eof) { throw error("expected '}' to close the block opened at line \(open.line)") }
            statements.append(try statement(inBlock: true))
            try skipNewlines()
        }
        _ = try advance()
        return Block(statements, open.location)
    }

    /// Statements end at a line break, `;`, the end of input, or (in a block) before `}`.
    private mutating func terminator(inBlock: Bool) throws -> Bool {
        switch current.kind {
        case .semicolon:
            _ = try advance()
            return true
        case .newline, .eof:
            return false
        case .rightBrace where inBlock:
            return false
        default:
            throw error("expected end of statement but found \(describe(current))",
                        notes: ["put each statement on its own line, or separate them with ';'"])
        }
    }

    // MARK: statements

    private mutating func statement(inBlock: Bool) throws -> Stmt {
        let start = current
        let stmt: Stmt
        switch current.kind {
        case .kwLet, .kwVar:
            _ = try advance()
            let binding = try self.binding()
            try expect(.assign, "'=' after the name")
            stmt = LetStmt(binding, isMutable: start.kind == .kwVar, try expression(), start.location)
        case .kwParam:
            _ = try advance()
            let name = try expect(.identifier, "a parameter name")
            try expect(.assign, "'=' and a default value")
            stmt = ParamStmt(text(name), try expression(), start.location)
        case .kwFn where try lookahead(1).kind == .identifier:
            _ = try advance()
            let name = try advance()
            let function = try functionRest(name: text(name), at: start.location)
            stmt = FunctionStmt(function, start.location)
        case .kwImport:
            _ = try advance()
            let pathToken = try expect(.string, "a file name in quotes")
            guard pathToken.parts.count <= 1, case .text(let path)? = pathToken.parts.first ?? .text("") , !path.isEmpty else {
                throw error("an import takes a plain file name (no interpolation)", at: pathToken)
            }
            var alias: String?
            if try match(.kwAs) { alias = text(try expect(.identifier, "a name after 'as'")) }
            stmt = ImportStmt(path, alias: alias, start.location)
        case .kwFor:
            _ = try advance()
            let binding = try self.binding()
            try expect(.kwIn, "'in'")
            let iterable = try headExpression()
            stmt = ForStmt(binding, iterable, try block(), start.location)
        case .kwWhile:
            _ = try advance()
            let condition = try headExpression()
            stmt = WhileStmt(condition, try block(), start.location)
        case .kwReturn:
            _ = try advance()
            let ends: Set<TokenKind> = [.newline, .semicolon, .rightBrace, .eof]
            stmt = ReturnStmt(ends.contains(current.kind) ? nil : try expression(), start.location)
        case .kwBreak:
            _ = try advance()
            stmt = BreakStmt(start.location)
        case .kwContinue:
            _ = try advance()
            stmt = ContinueStmt(start.location)
        default:
            let expr = try expression()
            if let op = assignmentOperator(current.kind) {
                let opToken = try advance()
                guard let target = AssignmentTarget(expr) else {
                    throw error("cannot assign to this expression; assign to a name, a field or an element", at: opToken)
                }
                stmt = AssignStmt(target, op, try expression(), opToken.location)
            } else {
                let silenced = try terminator(inBlock: inBlock)
                return ExprStmt(expr, isSilenced: silenced, start.location)
            }
        }
        _ = try terminator(inBlock: inBlock)
        return stmt
    }

    private func assignmentOperator(_ kind: TokenKind) -> AssignmentOperator? {
        switch kind {
        case .assign: return .assign
        case .plusAssign: return .add
        case .minusAssign: return .subtract
        case .starAssign: return .multiply
        case .slashAssign: return .divide
        default: return nil
        }
    }

    /// binding = IDENT | "(" IDENT { "," IDENT } [ "," ] ")"
    private mutating func binding() throws -> Binding {
        if try match(.leftParen) {
            var names: [String] = [], locations: [SourceLocation] = []
            repeat {
                if check(.rightParen) { break }
                let name = try expect(.identifier, "a name to bind")
                names.append(text(name))
                locations.append(name.location)
            } while try match(.comma)
            try expect(.rightParen, "')' after the names")
            guard !names.isEmpty else { throw error("expected at least one name between the parentheses") }
            return Binding(names: names, locations: locations, isDestructuring: true)
        }
        let name = try expect(.identifier, "a name")
        return Binding(names: [text(name)], locations: [name.location], isDestructuring: false)
    }

    /// The expression after `if`, `while`, `for ... in`, where a `{` starts the body.
    private mutating func headExpression() throws -> Expr {
        let saved = allowRecord
        allowRecord = false
        defer { allowRecord = saved }
        return try expression()
    }

    /// params "(" ... ")" body, after `fn` or `fn name`.
    private mutating func functionRest(name: String?, at location: SourceLocation) throws -> FunctionExpr {
        try expect(.leftParen, "'(' and the parameters")
        var parameters: [Parameter] = []
        var seen = Set<String>()
        var sawDefault = false
        while !check(.rightParen) {
            let token = try expect(.identifier, "a parameter name")
            let pname = text(token)
            guard seen.insert(pname).inserted else { throw error("duplicate parameter '\(pname)'", at: token) }
            var defaultValue: Expr?
            if try match(.assign) {
                defaultValue = try expression()
                sawDefault = true
            } else if sawDefault {
                throw error("parameter '\(pname)' needs a default value because an earlier one has one", at: token)
            }
            parameters.append(Parameter(name: pname, defaultValue: defaultValue, location: token.location))
            if parameters.count > SyntaxLimits.maxArguments {
                throw error("more than \(SyntaxLimits.maxArguments) parameters", at: token)
            }
            if !(try match(.comma)) { break }
        }
        try expect(.rightParen, "')' after the parameters")
        let body: Block
        if check(.arrow) {
            let arrow = try advance()
            let value = try expression()
            body = Block([ExprStmt(value, isSilenced: false, value.location)], arrow.location)
        } else if check(.leftBrace) {
            body = try block()
        } else {
            throw error("expected '{' or '=>' and the function body but found \(describe(current))")
        }
        return FunctionExpr(name: name, parameters: parameters, body: body, location)
    }

    // MARK: expressions, by precedence

    public mutating func expression() throws -> Expr {
        try enter()
        defer { leave() }
        return try pipeline()
    }

    /// pipeline = orExpr { "|>" orExpr }: `x |> f(a)` is `f(x, a)` and `x |> f` is `f(x)`.
    private mutating func pipeline() throws -> Expr {
        var expr = try orExpr()
        var levels = 0
        defer { depth -= levels }
        while check(.pipe) {
            try enterChain(&levels)
            let pipe = try advance()
            let stage = try orExpr()
            let argument = Argument(label: nil, value: expr, location: expr.location)
            if let call = stage as? CallExpr {
                expr = CallExpr(call.callee, [argument] + call.arguments, pipe.location)
            } else if let call = stage as? MethodCallExpr {
                expr = MethodCallExpr(call.object, call.name, [argument] + call.arguments, pipe.location)
            } else {
                expr = CallExpr(stage, [argument], pipe.location)
            }
        }
        return expr
    }

    private mutating func orExpr() throws -> Expr {
        var expr = try andExpr()
        var levels = 0
        defer { depth -= levels }
        while check(.kwOr) {
            try enterChain(&levels)
            let op = try advance()
            expr = LogicalExpr(isAnd: false, expr, try andExpr(), op.location)
        }
        return expr
    }

    private mutating func andExpr() throws -> Expr {
        var expr = try notExpr()
        var levels = 0
        defer { depth -= levels }
        while check(.kwAnd) {
            try enterChain(&levels)
            let op = try advance()
            expr = LogicalExpr(isAnd: true, expr, try notExpr(), op.location)
        }
        return expr
    }

    private mutating func notExpr() throws -> Expr {
        if check(.kwNot) {
            let op = try advance()
            try enter()
            defer { leave() }
            return UnaryExpr(.not, try notExpr(), op.location)
        }
        return try comparison()
    }

    private func comparisonOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .kwIn: return .contains
        default: return nil
        }
    }

    private mutating func comparisonOperatorHere() throws -> BinaryOperator? {
        if let op = comparisonOperator(current.kind) { return op }
        if check(.kwNot) {
            let next = try lookahead(1)
            if next.kind == .kwIn { return .notContains }
            // `x not` at the end of the input may still become `x not in xs`: incomplete.
            if next.kind == .eof { throw error("expected 'in' after 'not'", at: next) }
        }
        return nil
    }

    private mutating func comparison() throws -> Expr {
        let left = try range()
        guard let op = try comparisonOperatorHere() else { return left }
        let opToken = try advance()
        if op == .notContains { _ = try advance() }
        let right = try range()
        if try comparisonOperatorHere() != nil {
            throw error("comparisons cannot be chained; write 'a < b and b < c'")
        }
        return BinaryExpr(op, left, right, opToken.location)
    }

    private mutating func range() throws -> Expr {
        let lower = try concat()
        if check(.rangeExclusive) || check(.rangeInclusive) {
            let op = try advance()
            return RangeExpr(lower, try concat(), isInclusive: op.kind == .rangeInclusive, op.location)
        }
        return lower
    }

    private mutating func concat() throws -> Expr {
        var expr = try additive()
        var levels = 0
        defer { depth -= levels }
        while check(.plusPlus) {
            try enterChain(&levels)
            let op = try advance()
            expr = BinaryExpr(.concat, expr, try additive(), op.location)
        }
        return expr
    }

    private mutating func additive() throws -> Expr {
        var expr = try term()
        var levels = 0
        defer { depth -= levels }
        while check(.plus) || check(.minus) {
            try enterChain(&levels)
            let op = try advance()
            expr = BinaryExpr(op.kind == .plus ? .add : .subtract, expr, try term(), op.location)
        }
        return expr
    }

    private mutating func term() throws -> Expr {
        var expr = try unary()
        var levels = 0
        defer { depth -= levels }
        while true {
            let op: BinaryOperator
            switch current.kind {
            case .star: op = .multiply
            case .slash: op = .divide
            case .percent: op = .remainder
            case .at: op = .matmul
            default: return expr
            }
            try enterChain(&levels)
            let token = try advance()
            expr = BinaryExpr(op, expr, try unary(), token.location)
        }
    }

    private mutating func unary() throws -> Expr {
        if check(.minus) || check(.plus) {
            let op = try advance()
            try enter()
            defer { leave() }
            let operand = try unary()
            if op.kind == .minus, let number = operand as? NumberLiteral {
                return NumberLiteral(-number.value, op.location)
            }
            return UnaryExpr(op.kind == .minus ? .negate : .plus, operand, op.location)
        }
        return try power()
    }

    private mutating func power() throws -> Expr {
        let base = try postfix()
        if check(.caret) {
            let op = try advance()
            try enter()
            defer { leave() }
            return BinaryExpr(.power, base, try unary(), op.location)
        }
        return base
    }

    /// One part of a subscript: `expression`, or `[expression] ":" [expression] [":" [expression]]`.
    /// A missing first bound is allowed only before a colon, so `x[]` keeps its error.
    private mutating func subscriptPart() throws -> SubscriptPart {
        if try match(.colon) { return try rangeRest(start: nil) }
        let start = try expression()
        guard try match(.colon) else { return .index(start) }
        return try rangeRest(start: start)
    }

    /// The part of a range after its first colon: `[stop] [":" [step]]`.
    private mutating func rangeRest(start: Expr?) throws -> SubscriptPart {
        let stop = endsSubscriptBound ? nil : try expression()
        guard try match(.colon) else { return .range(start: start, stop: stop, step: nil) }
        let step = endsSubscriptBound ? nil : try expression()
        return .range(start: start, stop: stop, step: step)
    }

    /// Whether the next token ends an omitted slice bound (`x[a:]`, `x[::2]`, `x[:, 1]`).
    private var endsSubscriptBound: Bool { check(.colon) || check(.comma) || check(.rightBracket) }

    private func isIndex(_ part: SubscriptPart) -> Bool {
        if case .index = part { return true }
        return false
    }

    private mutating func postfix() throws -> Expr {
        var expr = try primary()
        var levels = 0
        defer { for _ in 0..<levels { leave() } }
        while true {
            switch current.kind {
            case .leftParen:
                let open = try advance()
                expr = CallExpr(expr, try arguments(), open.location)
            case .leftBracket:
                let open = try advance()
                let saved = allowRecord
                allowRecord = true
                defer { allowRecord = saved }
                var parts = [try subscriptPart()]
                while try match(.comma) { parts.append(try subscriptPart()) }
                try expect(.rightBracket, parts.count == 1 && isIndex(parts[0]) ? "']' after the index" : "']'")
                switch (parts.count, parts[0]) {
                case (1, .index(let index)): expr = IndexExpr(expr, index, open.location)
                case (1, .range(let lower, let upper, nil)): expr = SliceExpr(expr, lower, upper, open.location)
                default: expr = SubscriptsExpr(expr, parts, open.location)
                }
            case .dot:
                let dot = try advance()
                let name = try expect(.identifier, "a field name after '.'")
                if check(.leftParen) {
                    _ = try advance()
                    expr = MethodCallExpr(expr, text(name), try arguments(), name.location)
                } else {
                    expr = FieldExpr(expr, text(name), dot.location)
                }
            default:
                return expr
            }
            try enter()
            levels += 1
        }
    }

    /// arguments after "(" up to and including ")".
    private mutating func arguments() throws -> [Argument] {
        let saved = allowRecord
        allowRecord = true
        defer { allowRecord = saved }
        var result: [Argument] = []
        var sawLabel = false
        var labels = Set<String>()
        while !check(.rightParen) {
            let start = current
            var label: String?
            if check(.identifier), try lookahead(1).kind == .colon {
                label = text(try advance())
                _ = try advance()
                guard labels.insert(label!).inserted else { throw error("argument '\(label!)' given twice", at: start) }
                sawLabel = true
            } else if sawLabel {
                throw error("a positional argument cannot follow keyword arguments", at: start)
            }
            result.append(Argument(label: label, value: try expression(), location: start.location))
            if result.count > SyntaxLimits.maxArguments { throw error("more than \(SyntaxLimits.maxArguments) arguments", at: start) }
            if !(try match(.comma)) { break }
        }
        try expect(.rightParen, "')' to close the argument list")
        return result
    }

    private mutating func primary() throws -> Expr {
        let token = current
        switch token.kind {
        case .number:
            _ = try advance()
            return NumberLiteral(token.number, token.location)
        case .string:
            _ = try advance()
            return try stringLiteral(token)
        case .kwTrue, .kwFalse:
            _ = try advance()
            return BoolLiteral(token.kind == .kwTrue, token.location)
        case .kwNil:
            _ = try advance()
            return NilLiteral(token.location)
        case .identifier:
            _ = try advance()
            return Identifier(text(token), token.location)
        case .leftParen:
            _ = try advance()
            let saved = allowRecord
            allowRecord = true
            defer { allowRecord = saved }
            let inner = try expression()
            try expect(.rightParen, "')'")
            return inner
        case .leftBracket:
            _ = try advance()
            let saved = allowRecord
            allowRecord = true
            defer { allowRecord = saved }
            var elements: [Expr] = []
            while !check(.rightBracket) {
                elements.append(try expression())
                if elements.count == 1, check(.kwFor) {
                    return try comprehension(elements[0], at: token.location)
                }
                if !(try match(.comma)) { break }
            }
            try expect(.rightBracket, "']' or ',' in the list")
            return ListLiteral(elements, token.location)
        case .leftBrace where allowRecord:
            return try record()
        case .leftBrace:
            throw error("a record literal here needs parentheses: ({...})")
        case .kwIf:
            return try ifExpression()
        case .kwTry:
            return try tryExpression()
        case .kwFn:
            _ = try advance()
            return try functionRest(name: nil, at: token.location)
        default:
            throw error("expected an expression but found \(describe(token))")
        }
    }

    /// The clauses of `[element for ...]` after the element, up to and including "]".
    /// clauses = "for" binding "in" expression { "for" binding "in" expression | "if" expression }
    private mutating func comprehension(_ element: Expr, at location: SourceLocation) throws -> Expr {
        var clauses: [ComprehensionExpr.Clause] = []
        while true {
            if check(.kwFor) {
                let start = try advance()
                let binding = try self.binding()
                try expect(.kwIn, "'in' after the names of the comprehension's 'for'")
                clauses.append(.for(ComprehensionLoop(binding, try expression(), start.location)))
            } else if try match(.kwIf) {
                clauses.append(.if(try expression()))
            } else {
                break
            }
            if clauses.count > SyntaxLimits.maxComprehensionClauses {
                throw error("more than \(SyntaxLimits.maxComprehensionClauses) clauses in a list comprehension")
            }
        }
        try expect(.rightBracket, "']', or another 'for' or 'if' clause, after the comprehension")
        return ComprehensionExpr(element, clauses, location)
    }

    private mutating func record() throws -> Expr {
        let open = try advance()
        var entries: [RecordLiteral.Entry] = []
        var keys = Set<String>()
        try skipNewlines()
        while !check(.rightBrace) {
            let keyToken = current
            let key: String
            if check(.identifier) {
                key = text(try advance())
            } else if check(.string) {
                _ = try advance()
                switch keyToken.parts.first {
                case nil: key = ""
                case .text(let t)? where keyToken.parts.count == 1: key = t
                default: throw error("a record key cannot be interpolated", at: keyToken)
                }
            } else {
                throw error("expected a field name in the record but found \(describe(current))")
            }
            guard keys.insert(key).inserted else { throw error("duplicate field '\(key)' in record", at: keyToken) }
            let value: Expr
            if try match(.colon) {
                try skipNewlines()
                value = try expression()
            } else if keyToken.kind == .identifier {
                value = Identifier(key, keyToken.location)
            } else {
                throw error("expected ':' after the field name")
            }
            entries.append(.init(key: key, value: value))
            try skipNewlines()
            if !(try match(.comma)) { break }
            try skipNewlines()
        }
        try skipNewlines()
        try expect(.rightBrace, "'}' or ',' in the record")
        return RecordLiteral(entries, open.location)
    }

    private mutating func ifExpression() throws -> Expr {
        let start = try advance()
        var branches = [IfExpr.Branch(condition: try headExpression(), body: try block())]
        var elseBody: Block?
        while true {
            if check(.newline), try lookahead(1).kind == .kwElse { _ = try advance() }
            guard check(.kwElse) else { break }
            _ = try advance()
            if try match(.kwIf) {
                branches.append(.init(condition: try headExpression(), body: try block()))
            } else {
                elseBody = try block()
                break
            }
        }
        return IfExpr(branches, elseBody, start.location)
    }

    /// `try { ... } catch e { ... }`: the `catch` may start the line after the `}`, as `else` may.
    private mutating func tryExpression() throws -> Expr {
        let start = try advance()
        let body = try block()
        if check(.newline) {
            let next = try lookahead(1)
            if next.kind == .kwCatch { _ = try advance() }
            // The catch may come on the next line: at the end of the input the program is
            // incomplete (the REPL reads another line), not wrong.
            if next.kind == .eof {
                var incomplete = error("expected 'catch' after the block of 'try'",
                                       notes: ["write try { ... } catch e { ... }; the catch block runs when the try block fails"])
                incomplete.isIncomplete = true
                throw incomplete
            }
        }
        guard check(.kwCatch) else {
            throw error("expected 'catch' after the block of 'try'", notes: ["write try { ... } catch e { ... }; the catch block runs when the try block fails"])
        }
        _ = try advance()
        var name: String?
        var nameLocation = current.location
        if check(.identifier) {
            let token = try advance()
            name = text(token)
            nameLocation = token.location
        }
        let handler = try block()
        return TryExpr(body, errorName: name, errorLocation: nameLocation, handler: handler, start.location)
    }

    private mutating func stringLiteral(_ token: Token) throws -> Expr {
        var parts: [StringLiteral.Part] = []
        for part in token.parts {
            switch part {
            case .text(let t):
                parts.append(.text(t))
            case .code(let start, let end, let line, let column):
                let sub = Lexer(file: lexer.file, bytes: lexer.sourceBytes, start: start, end: end, line: line, column: column)
                do {
                    var parser = try Parser(lexer: sub)
                    parser.depth = depth
                    if parser.check(.eof) { throw error("empty interpolation \\() in string", at: token) }
                    let expr = try parser.expression()
                    guard parser.check(.eof) else {
                        throw parser.error("expected ')' to end the interpolation but found \(parser.describe(parser.current))")
                    }
                    parts.append(.expression(expr))
                } catch var diagnostic as Diagnostic {
                    // The string is closed: more input cannot fix its interpolation (`"\(1 +)"`).
                    diagnostic.isIncomplete = false
                    throw diagnostic
                }
            }
        }
        return StringLiteral(parts, token.location)
    }
}
