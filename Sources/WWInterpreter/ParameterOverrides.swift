import WWSyntax

/// Checks `-p name=value` settings against the literal defaults of a program's `param`
/// statements before anything runs, so `-p n=abc` for `param n = 1` is a usage error (exit 64)
/// instead of a runtime error after earlier cells ran, or a wrong value taken silently. A
/// default that is not a literal is checked when its `param` statement runs, as before.
public enum ParameterOverrides {
    /// One message per setting whose value cannot be the parameter's, in name order.
    public static func problems(in program: Program, overrides: [String: Value]) -> [String] {
        var problems: [String] = []
        for parameter in program.parameters.sorted(by: { $0.name < $1.name }) {
            guard let override = overrides[parameter.name], let expected = literalType(parameter.value) else { continue }
            let matches: Bool = switch (expected, override) {
            case ("a number", .number), ("true or false", .bool), ("a string", .string): true
            default: false
            }
            if matches { continue }
            var text = "-p \(parameter.name)=...: parameter '\(parameter.name)' (line \(parameter.location.line)) must be \(expected), but the value is \(describeForError(override))"
            switch expected {
            case "a string": text += "; quote a value to pass it as text: -p \(parameter.name)='\"...\"'"
            case "a list", "a record": text = "-p \(parameter.name)=...: parameter '\(parameter.name)' (line \(parameter.location.line)) has \(expected) as its default, and -p sets only numbers, true/false, nil and strings"
            default: break
            }
            problems.append(text)
        }
        return problems
    }

    private static func literalType(_ expression: Expr) -> String? {
        switch expression.kind {
        case .number: return "a number"
        case .bool: return "true or false"
        case .string(let literal):
            return literal.parts.allSatisfy { if case .text = $0 { true } else { false } } ? "a string" : nil
        case .unary(let unary): return literalType(unary.operand) == "a number" ? "a number" : nil
        case .list: return "a list"
        case .record: return "a record"
        default: return nil
        }
    }
}
