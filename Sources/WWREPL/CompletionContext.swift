/// What the text before the cursor is in the middle of, decided by a small scan of the current
/// line (not a parse: the line is usually unfinished, which is why the user pressed Tab).
enum CompletionContext: Equatable {
    /// `:he` — a command name; `partial` includes the colon.
    case commandName(partial: String)
    /// `?pri`, `:help pri` — a help topic.
    case helpTopic(partial: String)
    /// Inside a string literal, or after `:load` — a file path.
    case path(partial: String)
    /// An identifier in code: a variable, built-in or keyword.
    case name(partial: String)
    /// An identifier starting an argument of a call (`train(net, data, epo`): a parameter name of
    /// the function `callee` names (a chain such as `["net", "forward"]` for a method), or any
    /// name.
    case argument(callee: [String], partial: String)
    /// `a.b.fi` — a field or method of the value `receiver` names.
    case member(receiver: MemberReceiver, partial: String)
    /// A comment, a number, or anything else with nothing sensible to offer.
    case nothing

    /// The value whose members are completed: a chain of global and field names (`run.fit`),
    /// or a literal whose type alone is known (`"text".`).
    enum MemberReceiver: Equatable {
        case names([String])
        case literal(typeName: String)
    }

    static func of(_ textBeforeCursor: String) -> CompletionContext {
        let text = Substring(textBeforeCursor)
        let start = text.drop { $0 == " " || $0 == "\t" }
        if start.hasPrefix("?") {
            let topic = start.dropFirst()
            return topic.contains(where: \.isWhitespace) ? .nothing : .helpTopic(partial: String(topic))
        }
        if start.hasPrefix(":") { return commandContext(start.dropFirst()) }
        return codeContext(text)
    }

    private static func commandContext(_ body: Substring) -> CompletionContext {
        guard let space = body.firstIndex(where: \.isWhitespace) else { return .commandName(partial: ":" + body) }
        let name = String(body[..<space])
        let argument = body[space...].drop { $0.isWhitespace }
        switch ReplCommand.aliases[name] ?? name {
        case "load":
            let path = argument.first == "\"" || argument.first == "'" ? argument.dropFirst() : argument
            return .path(partial: String(path))
        case "help":
            return argument.contains(where: \.isWhitespace) ? .nothing : .helpTopic(partial: String(argument))
        case "time":
            return codeContext(argument)
        default:
            return .nothing
        }
    }

    /// Follows string literals (with escapes and `\( )` interpolation) and comments from the
    /// start of the line, then looks at the word before the cursor.
    private static func codeContext(_ text: Substring) -> CompletionContext {
        var inString = false
        var stringStart = text.startIndex
        var parenDepth = 0
        var interpolations: [Int] = []  // paren depth at which each open `\(` closes
        // The open brackets, innermost last: for a `(` of a call, the chain of names called.
        var openCalls: [[String]?] = []
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if inString {
                if c == "\\" {
                    let next = text.index(after: i)
                    if next < text.endIndex, text[next] == "(" {
                        interpolations.append(parenDepth)
                        parenDepth += 1
                        openCalls.append(nil)
                        inString = false
                    }
                    i = next < text.endIndex ? text.index(after: next) : next
                    continue
                }
                if c == "\"" { inString = false }
            } else {
                switch c {
                case "#": return .nothing
                case "\"":
                    inString = true
                    stringStart = text.index(after: i)
                case "(":
                    parenDepth += 1
                    let callee = trailingChain(of: text[..<i])
                    openCalls.append(callee.isEmpty ? nil : callee)
                case "[", "{":
                    openCalls.append(nil)
                case "]", "}":
                    _ = openCalls.popLast()
                case ")":
                    parenDepth -= 1
                    _ = openCalls.popLast()
                    if let open = interpolations.last, open == parenDepth {
                        interpolations.removeLast()
                        inString = true
                        stringStart = text.index(after: i)
                    }
                default:
                    break
                }
            }
            i = text.index(after: i)
        }
        if inString { return .path(partial: String(text[stringStart...])) }

        let word = trailingIdentifier(of: text)
        if let first = word.first, first.isNumber { return .nothing }
        let before = text[..<word.startIndex]
        guard before.hasSuffix("."), !before.hasSuffix("..") else {
            let lead = before.reversed().drop { $0 == " " || $0 == "\t" }.first
            if lead == "(" || lead == ",", let callee = openCalls.last ?? nil {
                return .argument(callee: callee, partial: String(word))
            }
            return .name(partial: String(word))
        }
        let receiverText = before.dropLast()
        if receiverText.hasSuffix("\"") { return .member(receiver: .literal(typeName: "string"), partial: String(word)) }
        let chain = trailingChain(of: receiverText)
        return chain.isEmpty ? .nothing : .member(receiver: .names(chain), partial: String(word))
    }

    /// The dotted names at the end of `text` (`run.fit` gives ["run", "fit"]), empty when it does
    /// not end in a name or a segment starts with a digit.
    private static func trailingChain(of text: Substring) -> [String] {
        var chain: [String] = []
        var rest = text
        while true {
            let segment = trailingIdentifier(of: rest)
            guard let first = segment.first, !first.isNumber else { return [] }
            chain.insert(String(segment), at: 0)
            rest = rest[..<segment.startIndex]
            guard rest.hasSuffix("."), !rest.hasSuffix("..") else { return chain }
            rest = rest.dropLast()
        }
    }

    /// The identifier characters at the end of `text` (possibly none).
    private static func trailingIdentifier(of text: Substring) -> Substring {
        var start = text.endIndex
        while start > text.startIndex, isIdentifierCharacter(text[text.index(before: start)]) {
            start = text.index(before: start)
        }
        return text[start...]
    }

    static func isIdentifierCharacter(_ c: Character) -> Bool {
        c == "_" || c.isLetter || c.isNumber
    }
}
