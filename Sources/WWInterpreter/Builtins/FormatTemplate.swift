import Foundation

/// `format(template, args...)`: Python's `str.format` syntax, chosen over printf's `%` because
/// it names fields (`{alpha:.3g}` reads a record's field) and escapes braces the same way
/// f-strings do. `{}` takes the next argument, `{0}` one by position, `{name}` a field of the
/// first argument (a record); after an optional `:` comes a `FormatSpec`. `{{` and `}}` write
/// braces. Errors quote the placeholder at fault.
struct FormatTemplate {
    let template: String
    let arguments: [Value]

    private enum Numbering { case automatic, manual }

    func render() throws -> String {
        var out = ""
        var next = 0
        var numbering: Numbering?
        var rest = Substring(template)
        while let c = rest.first {
            rest.removeFirst()
            if c == "}" {
                guard rest.first == "}" else { throw BuiltinError("single '}' in the template: write '}}' for a brace") }
                rest.removeFirst()
                out.append("}")
                continue
            }
            guard c == "{" else { out.append(c); continue }
            if rest.first == "{" { rest.removeFirst(); out.append("{"); continue }
            guard let close = rest.firstIndex(of: "}") else {
                throw BuiltinError("placeholder {\(rest) is not closed: write '{{' for a brace")
            }
            let body = rest[..<close]
            rest = rest[rest.index(after: close)...]
            let placeholder = "{\(body)}"
            func fail(_ reason: String) -> BuiltinError { BuiltinError("placeholder \(placeholder): \(reason)") }
            let field = body.prefix(while: { $0 != ":" })
            let spec = try FormatSpec(body.dropFirst(field.count + (field.count < body.count ? 1 : 0)), fail: fail)
            let value: Value
            if field.isEmpty || field.allSatisfy({ $0.isASCII && $0.isNumber }) {
                let kind: Numbering = field.isEmpty ? .automatic : .manual
                if let numbering, numbering != kind {
                    throw fail("cannot mix {} with numbered placeholders such as {0}")
                }
                numbering = kind
                let index = field.isEmpty ? next : Int(field) ?? Int.max
                if field.isEmpty { next += 1 }
                guard index < arguments.count else {
                    throw fail("refers to argument \(index), but \(arguments.count) argument\(arguments.count == 1 ? " was" : "s were") given")
                }
                value = arguments[index]
            } else {
                value = try namedField(String(field), fail: fail)
            }
            out += try spec.render(value, fail: fail)
        }
        return out
    }

    /// `{name}`: a field of the first argument, which must be a record.
    private func namedField(_ name: String, fail: (String) -> BuiltinError) throws -> Value {
        guard let first = arguments.first, case .record(let record) = first else {
            throw fail("a named placeholder reads a field of a record given as the first argument, got \(arguments.first.map(describeForError) ?? "no arguments")")
        }
        guard let value = record.get(name) else {
            throw fail("the record has no field '\(name)'")
        }
        return value
    }
}
