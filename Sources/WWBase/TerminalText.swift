/// Text from files and users made safe to print on a terminal: control characters (ESC, CR,
/// BEL, the C1 codes, ...) are written as Swift-style escapes, so a tensor name, a pickle's
/// global or a CSV cell cannot move the cursor, recolour the screen or hide a line.
public enum TerminalText {
    /// `text` with every control character escaped (`\n`, `\r`, `\t`, `\u{1B}`); line breaks
    /// are kept as they are when `keepingLineBreaks` is true (multi-line messages).
    ///
    /// Works on Unicode scalars, not `Character`s, because `"\r\n"` is one `Character` yet two
    /// control codes.
    public static func safe(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && !(keepingLineBreaks && $0 == "\n") }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where keepingLineBreaks: out.append(scalar)
            case "\n": out.append(contentsOf: #"\n"#.unicodeScalars)
            case "\r": out.append(contentsOf: #"\r"#.unicodeScalars)
            case "\t": out.append(contentsOf: #"\t"#.unicodeScalars)
            case _ where isControl(scalar):
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }
}
