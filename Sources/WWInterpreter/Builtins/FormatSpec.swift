import Foundation

/// Limits of `format` placeholders.
enum FormatLimits {
    /// Widest field: as `pad`'s width, enough for any report column; a larger one is a typo that
    /// would build a huge string.
    static let maxWidth = 10_000
    /// Largest precision: C formats any, but `{:.100f}` already shows every digit a double has
    /// down to 1e-100; more is a typo that would allocate a huge string.
    static let maxPrecision = 100
}

/// One placeholder's format spec, Python's mini-language without `=` alignment, grouping and
/// `#`: `[[fill]align][sign][0][width][.precision][type]`, e.g. `>8.3f`, `+.2e`, `08.3g`, `.1%`.
struct FormatSpec {
    var fill: Character = " "
    /// "<", ">" or "^"; nil for the default (numbers right, text left).
    var align: Character?
    /// "+", "-" or " ", as in C and Python.
    var sign: Character?
    /// Zero padding after the sign (`08.3f`), as C's `0` flag.
    var zeroPad = false
    var width: Int?
    var precision: Int?
    /// d, f, F, e, E, g, G, % (numbers) or s (any value as `str`); nil for `str` of the value.
    var type: Character?

    static let numberTypes: Set<Character> = ["d", "f", "F", "e", "E", "g", "G", "%"]

    /// Parses `text`; `fail` gives the error naming the whole placeholder.
    init(_ text: Substring, fail: (String) -> BuiltinError) throws {
        var rest = text
        let aligns: Set<Character> = ["<", ">", "^"]
        if rest.count >= 2, aligns.contains(rest[rest.index(after: rest.startIndex)]) {
            fill = rest.removeFirst()
            align = rest.removeFirst()
        } else if let first = rest.first, aligns.contains(first) {
            align = rest.removeFirst()
        }
        if let first = rest.first, "+- ".contains(first) { sign = rest.removeFirst() }
        if rest.first == "0" { zeroPad = true; rest.removeFirst() }
        let widthDigits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        rest = rest.dropFirst(widthDigits.count)
        if !widthDigits.isEmpty {
            guard let w = Int(widthDigits), w <= FormatLimits.maxWidth else { throw fail("width above \(FormatLimits.maxWidth)") }
            width = w
        }
        if rest.first == "." {
            rest.removeFirst()
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty else { throw fail("'.' must be followed by a precision") }
            rest = rest.dropFirst(digits.count)
            guard let p = Int(digits), p <= FormatLimits.maxPrecision else { throw fail("precision above \(FormatLimits.maxPrecision)") }
            precision = p
        }
        if let t = rest.first {
            guard Self.numberTypes.contains(t) || t == "s" else {
                throw fail("unknown type '\(t)' (use d, f, e, g, %, E, F, G or s)")
            }
            type = t
            rest.removeFirst()
        }
        guard rest.isEmpty else { throw fail("unexpected '\(rest)' in the format spec") }
        if precision != nil, type == nil {
            throw fail("a precision needs a type: write .\(precision!)g, .\(precision!)f or .\(precision!)s")
        }
        if precision != nil, type == "d" { throw fail("type 'd' takes no precision") }
        if sign != nil || zeroPad, type == nil || type == "s" {
            throw fail("a sign or 0 padding needs a number type: d, f, e, g or %")
        }
        if zeroPad, align != nil {
            throw fail("0 padding and an alignment cannot be combined; give 0 as the fill instead, as in 0>8")
        }
    }

    /// The value as the spec writes it.
    func render(_ value: Value, fail: (String) -> BuiltinError) throws -> String {
        guard let type, Self.numberTypes.contains(type) else {
            // Python's type-less and `s` forms: the value as `str`, a precision cuts the text.
            var text = ValueFormatter.str(value)
            if let precision { text = String(text.prefix(precision)) }
            if case .number = value, type == nil { return padded(text, isNumber: true) }
            return padded(text, isNumber: false)
        }
        guard case .number(let x) = value else { throw fail("type '\(type)' needs a number, got \(describeForError(value))") }
        return padded(try numberText(x, conversion: type, precision: precision, fail: fail), isNumber: true)
    }

    /// Digits from C's printf; C pads with zeros itself so they come after the sign.
    private func numberText(_ x: Double, conversion: Character, precision: Int?, fail: (String) -> BuiltinError) throws -> String {
        var flags = sign.map { $0 == "-" ? "" : String($0) } ?? ""
        let zeroWidth = zeroPad ? width.map(String.init) ?? "" : ""
        if !zeroWidth.isEmpty { flags += "0" }
        switch conversion {
        case "d":
            guard x.isFinite, x == x.rounded() else { throw fail("type 'd' needs a whole number, got \(formatNumber(x))") }
            return CNumberFormat.string("%\(flags)\(zeroWidth).0f", x)
        case "%":
            // Python's `%`: the number times 100 in the fixed form, then a percent sign.
            let width = zeroWidth.isEmpty ? "" : String(max(0, Int(zeroWidth)! - 1))
            return CNumberFormat.string("%\(flags)\(width).\(precision ?? 6)f", x * 100) + "%"
        default:
            let p = precision.map { ".\($0)" } ?? ""
            if !zeroWidth.isEmpty, !x.isFinite, let width {
                // C pads nan and inf with spaces even under the 0 flag; Python pads with zeros
                // after the sign ("00000nan"), which is the behaviour `format` documents.
                var text = CNumberFormat.string("%\(flags.dropLast())\(p)\(conversion)", x)
                let signed = text.first.map { "+- ".contains($0) } ?? false
                let zeros = String(repeating: "0", count: max(0, width - text.count))
                text.insert(contentsOf: zeros, at: signed ? text.index(after: text.startIndex) : text.startIndex)
                return text
            }
            return CNumberFormat.string("%\(flags)\(zeroWidth)\(p)\(conversion)", x)
        }
    }

    private func padded(_ text: String, isNumber: Bool) -> String {
        guard let width, text.count < width else { return text }
        let missing = width - text.count
        let pad = { (n: Int) in String(repeating: fill, count: n) }
        switch align ?? (isNumber ? ">" : "<") {
        case ">": return pad(missing) + text
        case "^": return pad(missing / 2) + text + pad(missing - missing / 2)
        default: return text + pad(missing)
        }
    }
}
