import Foundation

/// How `wwn check` compares a statement's output with its `#=>` lines.
///
/// Line by line: the same number of lines, and each pair equal after trailing spaces are
/// removed, except that numbers may differ by a relative `NotebookLimits.relativeTolerance`.
/// A line is cut into numbers (`-1.5e-3`, `42`, `0.30000000000000004`) and the text between
/// them; the text must match exactly and the numbers pairwise within the tolerance. Digits
/// inside a word (`layer3`, `x1`) are text.
public enum OutputMatcher {
    /// The index of the first line that differs, or nil when the outputs match.
    public static func firstDifference(expected: [String], actual: [String]) -> Int? {
        for i in 0..<max(expected.count, actual.count) {
            guard i < expected.count, i < actual.count, linesMatch(expected[i], actual[i]) else { return i }
        }
        return nil
    }

    public static func linesMatch(_ expected: String, _ actual: String) -> Bool {
        let a = pieces(of: trimmingTrailingSpaces(expected))
        let b = pieces(of: trimmingTrailingSpaces(actual))
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            switch (x, y) {
            case let (.text(s), .text(t)): return s == t
            case let (.number(u), .number(v)): return numbersMatch(u, v)
            default: return false
            }
        }
    }

    public static func numbersMatch(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        guard a.isFinite, b.isFinite else { return false }
        return abs(a - b) <= NotebookLimits.relativeTolerance * max(abs(a), abs(b))
    }

    /// Splits an output into lines: the final newline ends the last line rather than starting
    /// an empty one, and no output at all is no lines.
    public static func lines(of output: String) -> [String] {
        guard !output.isEmpty else { return [] }
        let body = output.hasSuffix("\n") ? String(output.dropLast()) : output
        return splitLines(body).map { String($0.trimmingTrailingCarriageReturn) }
    }

    enum Piece: Equatable {
        case text(String)
        case number(Double)
    }

    static func trimmingTrailingSpaces(_ line: String) -> String {
        var scalars = Substring(line).unicodeScalars
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }

    /// Numbers and the text between them; adjacent text is merged.
    static func pieces(of line: String) -> [Piece] {
        let scalars = Array(line.unicodeScalars)
        var pieces: [Piece] = []
        var text = String.UnicodeScalarView()
        func flush() {
            if !text.isEmpty { pieces.append(.text(String(text))) }
            text = String.UnicodeScalarView()
        }
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if isWordStart(c) {
                // A word, digits included, is text.
                while i < scalars.count, isWordStart(scalars[i]) || isDigit(scalars[i]) {
                    text.append(scalars[i])
                    i += 1
                }
                continue
            }
            if let (end, value) = number(in: scalars, at: i) {
                flush()
                pieces.append(.number(value))
                i = end
                continue
            }
            text.append(c)
            i += 1
        }
        flush()
        return pieces
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    private static func isWordStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
    }

    /// A decimal number starting at `start`: an optional minus sign (not right after a digit or
    /// a closing bracket, where it is an operator), digits with an optional fraction, or a
    /// fraction alone, and an optional exponent.
    private static func number(in s: [Unicode.Scalar], at start: Int) -> (Int, Double)? {
        var i = start
        if s[i] == "-" {
            if i > 0, isDigit(s[i - 1]) || s[i - 1] == ")" || s[i - 1] == "]" { return nil }
            i += 1
        }
        let integerStart = i
        while i < s.count, isDigit(s[i]) { i += 1 }
        var digits = i - integerStart
        if i < s.count, s[i] == ".", i + 1 < s.count, isDigit(s[i + 1]) {
            i += 1
            while i < s.count, isDigit(s[i]) { i += 1 }
            digits += 1
        }
        guard digits > 0 else { return nil }
        if i < s.count, s[i] == "e" || s[i] == "E" {
            var j = i + 1
            if j < s.count, s[j] == "+" || s[j] == "-" { j += 1 }
            if j < s.count, isDigit(s[j]) {
                while j < s.count, isDigit(s[j]) { j += 1 }
                i = j
            }
        }
        let literal = String(String.UnicodeScalarView(s[start..<i]))
        guard let value = Double(literal) else { return nil }
        return (i, value)
    }
}
