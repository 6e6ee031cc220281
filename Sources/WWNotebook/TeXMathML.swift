import WWBase

/// Translates the TeX maths of Markdown cells (`$…$`, `$$…$$`) into MathML, which every current
/// browser typesets without scripts, fonts or network (Chromium since 109, Firefox, Safari).
/// The subset: letters, numbers, operators, `^`/`_`, groups, `\frac`, `\sqrt`, `\binom`, the
/// commands of ``TeXSymbols``, letter styles (`\mathbf`, `\mathbb`, …), `\text`,
/// `\operatorname`, accents, `\left … \right`, spacing, and the environments matrix, pmatrix,
/// bmatrix, Bmatrix, vmatrix, Vmatrix, cases, aligned, align, gathered and array (`&` and `\\`
/// also work at the top of display maths). An unknown command shows in an error box with its
/// name; every piece of the source reaches the HTML escaped. The TeX source is kept as the
/// formula's annotation (copy and paste, screen readers' fallback).
struct TeXMathML {
    /// Deepest nesting of groups, fractions and environments. Real formulas nest a handful of
    /// levels; the limit keeps `{{{{…` (thousands deep) from exhausting the thread's stack.
    static let maxNestingDepth = 64

    static func render(_ tex: String, display: Bool) -> String {
        var parser = TeXMathML(source: Array(tex))
        let body: String
        do {
            body = try parser.parseTop(display: display)
        } catch let failure as Failure {
            body = "<merror><mtext>\(failure.message.htmlEscaped)</mtext></merror>"
        } catch {
            body = "<merror><mtext>\(String(describing: error).htmlEscaped)</mtext></merror>"
        }
        let mode = display ? "block" : "inline"
        return "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"\(mode)\" class=\"wwn-math\">"
            + "<semantics>\(body)<annotation encoding=\"application/x-tex\">\(tex.htmlEscaped)</annotation></semantics></math>"
    }

    struct Failure: Error {
        let message: String
    }

    private let source: [Character]
    private var position = 0
    private var depth = 0
    private var display = false
    /// The letter style `\mathbf{…}` and its kin set for their argument.
    private var alphabet: TeXSymbols.Alphabet?

    private init(source: [Character]) {
        self.source = source
    }

    // MARK: Tokens

    private enum Token: Equatable {
        case command(String)
        case open, close, superscript, lowered, alignment, rowBreak
        case character(Character)
    }

    private mutating func skipSpaces() {
        while position < source.count, source[position].isWhitespace { position += 1 }
    }

    private mutating func peek() -> Token? {
        let saved = position
        defer { position = saved }
        return next()
    }

    private mutating func next() -> Token? {
        skipSpaces()
        guard position < source.count else { return nil }
        let character = source[position]
        position += 1
        switch character {
        case "{": return .open
        case "}": return .close
        case "^": return .superscript
        case "_": return .lowered
        case "&": return .alignment
        case "\\":
            guard position < source.count else { return .character("\\") }
            let first = source[position]
            guard first.isASCII, first.isLetter else {
                position += 1
                return first == "\\" ? .rowBreak : .command(String(first))
            }
            var name = ""
            while position < source.count, source[position].isASCII, source[position].isLetter {
                name.append(source[position])
                position += 1
            }
            if position < source.count, source[position] == "*", ["operatorname", "align", "gather"].contains(name) {
                position += 1
            }
            return .command(name)
        default:
            return .character(character)
        }
    }

    // MARK: Rows

    /// What ended a row: the end of the source, `}`, `&`, `\\`, `\right` or `\end`.
    private enum Stop: Equatable {
        case end, close, alignment, rowBreak, right, environmentEnd
    }

    private mutating func parseTop(display: Bool) throws -> String {
        self.display = display
        var rows: [[String]] = []
        var cells: [String] = []
        var current: [String] = []
        while true {
            let (nodes, stop) = try parseRow()
            current += nodes
            switch stop {
            case .alignment, .rowBreak:
                cells.append(Self.row(current))
                current = []
                if stop == .rowBreak {
                    rows.append(cells)
                    cells = []
                }
            case .close, .right:
                // A stray closer is shown where it is; the rest of the formula still renders.
                current.append("<merror><mtext>\(stop == .close ? "unmatched }" : "\\right without \\left")</mtext></merror>")
            case .environmentEnd:
                current.append("<merror><mtext>\\end{\(readRawGroup().htmlEscaped)} without \\begin</mtext></merror>")
            case .end:
                cells.append(Self.row(current))
                rows.append(cells)
                if rows.count == 1, rows[0].count == 1 { return rows[0][0] }
                return Self.table(rows, alignment: "right left")
            }
        }
    }

    /// Nodes up to the next stop at this level, with the stop.
    private mutating func parseRow() throws -> ([String], Stop) {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxNestingDepth else {
            throw Failure(message: "the formula nests deeper than \(Self.maxNestingDepth) levels")
        }
        var nodes: [String] = []
        while let token = peek() {
            switch token {
            case .close: _ = next(); return (nodes, .close)
            case .alignment: _ = next(); return (nodes, .alignment)
            case .rowBreak: _ = next(); return (nodes, .rowBreak)
            case .command("right"): _ = next(); return (nodes, .right)
            case .command("end"): _ = next(); return (nodes, .environmentEnd)
            default: nodes.append(try parseScripted())
            }
        }
        return (nodes, .end)
    }

    private static func row(_ nodes: [String]) -> String {
        nodes.count == 1 ? nodes[0] : "<mrow>\(nodes.joined())</mrow>"
    }

    private static func table(_ rows: [[String]], alignment: String) -> String {
        let body = rows.map { cells in "<mtr>" + cells.map { "<mtd>\($0)</mtd>" }.joined() + "</mtr>" }.joined()
        return "<mtable columnalign=\"\(alignment)\" displaystyle=\"true\">\(body)</mtable>"
    }

    // MARK: Atoms and scripts

    /// How an atom takes its scripts: beside it, or under and over it in display maths.
    private enum Placement {
        case beside, limits, function, functionWithLimits
    }

    private mutating func parseScripted() throws -> String {
        let (base, placement) = try parseAtom()
        let scripted = try attachScripts(to: base, placement: placement)
        // A function name (`\log x`) is followed by a thin space, as TeX sets it.
        return placement == .function || placement == .functionWithLimits
            ? scripted + "<mspace width=\"0.1667em\"></mspace>" : scripted
    }

    private mutating func attachScripts(to base: String, placement: Placement) throws -> String {
        var lower: String?
        var upper: String?
        while let token = peek(), token == .lowered || token == .superscript || token == .character("'") {
            _ = next()
            switch token {
            case .lowered where lower == nil: lower = try parseArgument()
            case .superscript where upper == nil: upper = try parseArgument()
            case .character("'"): upper = Self.row([upper, "<mo>′</mo>"].compactMap { $0 })
            default: return Self.row([base, "<merror><mtext>double script</mtext></merror>"])
            }
        }
        let under = (placement == .limits || placement == .functionWithLimits) && display
        switch (lower, upper) {
        case (nil, nil): return base
        case (let lower?, nil): return under ? "<munder>\(base)\(lower)</munder>" : "<msub>\(base)\(lower)</msub>"
        case (nil, let upper?): return under ? "<mover>\(base)\(upper)</mover>" : "<msup>\(base)\(upper)</msup>"
        case (let lower?, let upper?):
            return under ? "<munderover>\(base)\(lower)\(upper)</munderover>" : "<msubsup>\(base)\(lower)\(upper)</msubsup>"
        }
    }

    /// A script or command argument: a `{…}` group or the next single atom.
    private mutating func parseArgument() throws -> String {
        guard let token = peek() else { return "<mrow></mrow>" }
        if token == .open {
            _ = next()
            return try parseGroupBody()
        }
        if case .character(let character) = token, character.isNumber {
            // `x^23` raises only the 2, as TeX does.
            _ = next()
            return "<mn>\(String(character).htmlEscaped)</mn>"
        }
        return try parseAtom().node
    }

    /// The rest of a group after its `{`, as one node.
    private mutating func parseGroupBody() throws -> String {
        let (nodes, stop) = try parseRow()
        switch stop {
        case .close, .end: return Self.row(nodes)
        default: throw Failure(message: "a group opened with { is not closed")
        }
    }

    private mutating func parseAtom() throws -> (node: String, placement: Placement) {
        guard let token = next() else { return ("<mrow></mrow>", .beside) }
        switch token {
        case .open:
            return (try parseGroupBody(), .beside)
        case .character(let character):
            return (characterNode(character), .beside)
        case .command(let name):
            return try commandNode(name)
        case .superscript, .lowered:
            // A script with nothing before it (`^2` at the start) is set on an empty base.
            position -= 1
            return ("<mrow></mrow>", .beside)
        case .close, .alignment, .rowBreak:
            return ("<merror><mtext>misplaced \(token == .close ? "}" : token == .alignment ? "&amp;" : "\\\\")</mtext></merror>", .beside)
        }
    }

    private mutating func characterNode(_ character: Character) -> String {
        if character.isNumber {
            var number = String(character)
            while position < source.count,
                  source[position].isNumber || (source[position] == "." && position + 1 < source.count && source[position + 1].isNumber) {
                number.append(source[position])
                position += 1
            }
            if let alphabet { number = String(number.map(alphabet.map)) }
            return "<mn>\(number.htmlEscaped)</mn>"
        }
        if character.isLetter {
            guard let alphabet else { return "<mi>\(String(character).htmlEscaped)</mi>" }
            var word = String(alphabet.map(character))
            while position < source.count, source[position].isLetter {
                word.append(alphabet.map(source[position]))
                position += 1
            }
            let variant = alphabet == .upright ? " mathvariant=\"normal\"" : ""
            return "<mi\(variant)>\(word.htmlEscaped)</mi>"
        }
        switch character {
        case "-": return "<mo>−</mo>"
        case "*": return "<mo>∗</mo>"
        case "'": return "<mo>′</mo>"
        case "~": return "<mspace width=\"0.3333em\"></mspace>"
        // Brackets typed as characters keep their size, as in TeX; `\left(` grows.
        case "(", ")", "[", "]", "|": return "<mo stretchy=\"false\">\(character)</mo>"
        default: return "<mo>\(String(character).htmlEscaped)</mo>"
        }
    }

    // MARK: Commands

    private mutating func commandNode(_ name: String) throws -> (node: String, placement: Placement) {
        if let letter = TeXSymbols.letters[name] { return ("<mi>\(letter)</mi>", .beside) }
        if let letter = TeXSymbols.uprightLetters[name] { return ("<mi mathvariant=\"normal\">\(letter)</mi>", .beside) }
        if let symbol = TeXSymbols.ordinary[name] { return ("<mi mathvariant=\"normal\">\(symbol.htmlEscaped)</mi>", .beside) }
        if let symbol = TeXSymbols.operators[name] { return ("<mo>\(symbol.htmlEscaped)</mo>", .beside) }
        if let symbol = TeXSymbols.largeOperators[name] { return ("<mo largeop=\"true\" movablelimits=\"true\">\(symbol)</mo>", .limits) }
        if let symbol = TeXSymbols.integrals[name] { return ("<mo largeop=\"true\">\(symbol)</mo>", .beside) }
        if TeXSymbols.functions.contains(name) {
            return ("<mi>\(name)</mi>", TeXSymbols.limitFunctions.contains(name) ? .functionWithLimits : .function)
        }
        if let width = TeXSymbols.spaces[name] { return ("<mspace width=\"\(width)\"></mspace>", .beside) }
        if TeXSymbols.ignored.contains(name) { return ("<mrow></mrow>", .beside) }
        if let style = TeXSymbols.Alphabet(command: name) {
            let saved = alphabet
            alphabet = style
            defer { alphabet = saved }
            return (try parseArgument(), .beside)
        }
        if let accent = TeXSymbols.accents[name] {
            let argument = try parseArgument()
            let stretchy = accent.stretches ? "true" : "false"
            let mark = "<mo stretchy=\"\(stretchy)\">\(accent.mark.htmlEscaped)</mo>"
            return accent.isUnder
                ? ("<munder accentunder=\"true\">\(argument)\(mark)</munder>", .beside)
                : ("<mover accent=\"true\">\(argument)\(mark)</mover>", .beside)
        }
        switch name {
        case "frac", "dfrac", "tfrac", "cfrac":
            let numerator = try parseArgument()
            return ("<mfrac>\(numerator)\(try parseArgument())</mfrac>", .beside)
        case "binom", "dbinom", "tbinom":
            let top = try parseArgument()
            let bottom = try parseArgument()
            return ("<mrow><mo>(</mo><mfrac linethickness=\"0\">\(top)\(bottom)</mfrac><mo>)</mo></mrow>", .beside)
        case "sqrt":
            if let index = readOptionalArgument() {
                let radicand = try parseArgument()
                return ("<mroot>\(radicand)\(Self.row(try TeXMathML.fragment(index, display: false)))</mroot>", .beside)
            }
            return ("<msqrt>\(try parseArgument())</msqrt>", .beside)
        case "overset", "stackrel":
            let over = try parseArgument()
            return ("<mover>\(try parseArgument())\(over)</mover>", .beside)
        case "underset":
            let under = try parseArgument()
            return ("<munder>\(try parseArgument())\(under)</munder>", .beside)
        case "text", "textrm", "textit", "textbf", "mbox", "textsf", "texttt":
            return ("<mtext>\(readRawGroup().htmlEscaped)</mtext>", .beside)
        case "operatorname":
            return ("<mi>\(readRawGroup().htmlEscaped)</mi>", .functionWithLimits)
        case "left":
            return (try fenced(), .beside)
        case "middle":
            return ("<mo stretchy=\"true\">\(readDelimiter().htmlEscaped)</mo>", .beside)
        case "begin":
            return (try environment(), .beside)
        case "not":
            guard let token = next() else { return ("<mo>/</mo>", .beside) }
            if token == .character("=") { return ("<mo>≠</mo>", .beside) }
            if case .command(let relation) = token, let symbol = TeXSymbols.operators[relation] {
                return ("<mo>\(symbol.htmlEscaped)\u{338}</mo>", .beside)
            }
            if case .character(let character) = token { return ("<mo>\(String(character).htmlEscaped)\u{338}</mo>", .beside) }
            return ("<mo>/</mo>", .beside)
        default:
            return ("<merror><mtext>\\\(name.htmlEscaped)</mtext></merror>", .beside)
        }
    }

    /// `[…]` after a command (`\sqrt[3]{x}`), as raw text.
    private mutating func readOptionalArgument() -> String? {
        skipSpaces()
        guard position < source.count, source[position] == "[" else { return nil }
        var text = ""
        position += 1
        while position < source.count, source[position] != "]" {
            text.append(source[position])
            position += 1
        }
        position = min(position + 1, source.count)
        return text
    }

    /// The text of a `{…}` group taken literally (braces inside balanced), for `\text`.
    private mutating func readRawGroup() -> String {
        skipSpaces()
        guard position < source.count, source[position] == "{" else {
            guard position < source.count else { return "" }
            position += 1
            return String(source[position - 1])
        }
        position += 1
        var level = 1
        var text = ""
        while position < source.count {
            let character = source[position]
            position += 1
            if character == "{" { level += 1 }
            if character == "}" {
                level -= 1
                if level == 0 { break }
            }
            if character == "\\", position < source.count, "{}$%&#_ ".contains(source[position]) {
                text.append(source[position])
                position += 1
                continue
            }
            text.append(character)
        }
        return text
    }

    /// The delimiter after `\left`, `\right` or `\middle` (`.` is none).
    private mutating func readDelimiter() -> String {
        switch next() {
        case .character("."): return ""
        case .character(let character): return String(character)
        case .command(let name): return TeXSymbols.operators[name] ?? ""
        default: return ""
        }
    }

    /// `\left( … \right)`: fences that grow with what they hold.
    private mutating func fenced() throws -> String {
        let opening = readDelimiter()
        let (nodes, stop) = try parseRow()
        guard stop == .right else { throw Failure(message: "\\left without \\right") }
        let closing = readDelimiter()
        let fence: (String) -> String = { $0.isEmpty ? "" : "<mo fence=\"true\" stretchy=\"true\">\($0.htmlEscaped)</mo>" }
        return "<mrow>\(fence(opening))\(Self.row(nodes))\(fence(closing))</mrow>"
    }

    /// `\begin{name} … \end{name}`: a table with the environment's fences and alignment.
    private mutating func environment() throws -> String {
        let name = readRawGroup()
        if name == "array" { _ = readRawGroup() }
        var rows: [[String]] = []
        var cells: [String] = []
        while true {
            let (nodes, stop) = try parseRow()
            cells.append(Self.row(nodes))
            switch stop {
            case .alignment: continue
            case .rowBreak:
                rows.append(cells)
                cells = []
            case .environmentEnd:
                let closing = readRawGroup()
                guard closing == name else { throw Failure(message: "\\begin{\(name)} ended by \\end{\(closing)}") }
                if cells != ["<mrow></mrow>"] || rows.isEmpty { rows.append(cells) }
                return Self.environmentTable(name, rows: rows)
            case .end, .close, .right:
                throw Failure(message: "\\begin{\(name)} without \\end{\(name)}")
            }
        }
    }

    private static func environmentTable(_ name: String, rows: [[String]]) -> String {
        let fences: [String: (String, String)] = [
            "pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "Bmatrix": ("{", "}"), "vmatrix": ("|", "|"),
            "Vmatrix": ("‖", "‖"), "cases": ("{", ""),
        ]
        let alignment: String
        switch name {
        case "cases": alignment = "left left"
        case "aligned", "align", "split", "alignat": alignment = "right left"
        default: alignment = "center"
        }
        let table = Self.table(rows, alignment: alignment)
        guard let (left, right) = fences[name] else { return table }
        let fence: (String) -> String = { $0.isEmpty ? "" : "<mo fence=\"true\" stretchy=\"true\">\($0)</mo>" }
        return "<mrow>\(fence(left))\(table)\(fence(right))</mrow>"
    }

    /// A piece of source parsed on its own (the index of `\sqrt[n]`).
    private static func fragment(_ text: String, display: Bool) throws -> [String] {
        var parser = TeXMathML(source: Array(text))
        parser.display = display
        return try parser.parseRow().0
    }
}
