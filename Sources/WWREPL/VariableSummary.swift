import WWInterpreter

/// One-line descriptions of values for `:vars`. A budget of characters bounds the work: a
/// list of a million rows costs as much to summarise as a list of ten.
enum VariableSummary {
    /// The `:vars` listing: name, type and value of each global, in declaration order.
    static func listing(of interpreter: Interpreter) -> String {
        let names = interpreter.globalNames
        guard !names.isEmpty else { return "no variables yet (let x = ... defines one)\n" }
        let nameWidth = names.map(\.count).max() ?? 0
        var rows: [(String, String, String)] = []
        for name in names {
            guard let value = interpreter.globalValue(named: name) else { continue }
            rows.append((name, value.typeName, line(for: value)))
        }
        let typeWidth = rows.map(\.1.count).max() ?? 0
        return rows.map { name, type, summary in
            "\(name.padding(toLength: nameWidth, withPad: " ", startingAt: 0))  "
                + "\(type.padding(toLength: typeWidth, withPad: " ", startingAt: 0))  \(summary)\n"
        }.joined()
    }

    /// The value as the REPL would show it, cut to `width` characters with an ellipsis.
    static func line(for value: Value, width: Int = ReplLimits.variableSummaryWidth) -> String {
        var budget = Budget(remaining: width)
        let text = render(value, &budget)
        if budget.isExhausted || text.count > width { return String(text.prefix(max(0, width - 1))) + "…" }
        return text
    }

    private struct Budget {
        var remaining: Int
        var isExhausted: Bool { remaining < 0 }
        mutating func spend(_ text: String) -> String {
            remaining -= text.count
            return text
        }
    }

    /// Lists and records are walked element by element until the budget runs out; everything
    /// else has a short display of its own (tables and objects describe themselves in one line).
    private static func render(_ value: Value, _ budget: inout Budget) -> String {
        switch value {
        case .list(let list):
            var out = budget.spend("[")
            for (i, item) in list.items.enumerated() {
                if budget.isExhausted { break }
                if i > 0 { out += budget.spend(", ") }
                out += render(item, &budget)
            }
            return out + budget.spend("]")
        case .record(let record):
            var out = budget.spend("{")
            for (i, (key, item)) in zip(record.keys, record.values).enumerated() {
                if budget.isExhausted { break }
                if i > 0 { out += budget.spend(", ") }
                out += budget.spend(key + ": ")
                out += render(item, &budget)
            }
            return out + budget.spend("}")
        case .string(let s):
            return budget.spend(ValueFormatter.quote(String(s.prefix(max(0, budget.remaining + 1)))))
        default:
            return budget.spend(ValueFormatter.repr(value))
        }
    }
}
