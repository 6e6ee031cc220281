import Foundation

/// How user text and numbers enter a gnuplot script.
///
/// gnuplot has no safe mode: it runs shell commands from backticks (substituted on the raw
/// input line, even inside double-quoted strings), `system()`, `!`, `shell`, `set output "|…"`,
/// `load "<…"` and `plot "<…"`, and it expands `@name` macros on the raw line. So user text
/// is written as a string expression of two kinds of piece:
///
/// - runs of ordinary characters in single quotes, the one form gnuplot takes literally;
/// - each `'`, `"`, backtick and `@` as its own double-quoted octal escape (`"\047"`), so the
///   raw line never holds them at all.
///
/// `it's @home` becomes `'it' . "\047" . 's ' . "\100" . 'home'`. Why not `''`, gnuplot's
/// escape for an apostrophe inside single quotes: gnuplot 5.4 mis-reads two of them in a row
/// (`'a '''' b'` ends the string early and parses the rest as commands). Why escape `"` and
/// `@` too: the macro expander tracks quotes by toggling on every `'` and `"` it meets,
/// whichever string it is in, so a stray quote character in user text would make a later `@`
/// look unquoted and expand. With the escapes, every quote on the line is one of wwn's.
///
/// Line breaks and other control characters become spaces or U+FFFD (a line break would end
/// the command and start a new one). Enhanced-text markup (`^ _ @ { } ~ &`) is turned off
/// with `noenhanced` on the terminal and on every text element. Data never goes in as text:
/// only numbers, through a datablock whose terminator cannot be a number.
public enum GnuplotText {
    /// `text` as a gnuplot string expression that evaluates to it literally, cut to
    /// `PlotLimits.maxTextLength` characters. Every place wwn writes text (titles, labels,
    /// legend entries, tick labels) takes a string expression.
    public static func quoted(_ text: String) -> String {
        quoted(text, doublingPercent: false)
    }

    /// Text for a tick label: gnuplot reads tick labels as printf formats, so `%` is doubled.
    /// A label holding `%` is then formatted into a buffer of `maxFormattedTickLabelBytes`
    /// bytes, which gnuplot cuts without a word; such labels are cut here first, with "…".
    public static func tickLabel(_ text: String) -> String {
        quoted(text, doublingPercent: true)
    }

    /// Bytes of a formatted tick label gnuplot 5.4 keeps (its MAX_ID_LEN of 50, less the NUL).
    static let maxFormattedTickLabelBytes = 49

    /// Characters written only as octal escapes, with their escape.
    private static let escaped: [Unicode.Scalar: String] = [
        "'": "\"\\047\"", "\"": "\"\\042\"", "`": "\"\\140\"", "@": "\"\\100\"",
    ]

    /// The text as gnuplot will show it: line breaks as spaces, other control and format
    /// characters as U+FFFD, cut to `PlotLimits.maxTextLength` characters with "…".
    private static func displayed(_ text: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if scalars.count == PlotLimits.maxTextLength {
                scalars.append("…")
                break
            }
            switch scalar {
            case "\n", "\r", "\t", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}":
                scalars.append(" ")
            default:
                let category = scalar.properties.generalCategory
                scalars.append(category == .control || category == .format ? "\u{FFFD}" : scalar)
            }
        }
        return scalars
    }

    private static func quoted(_ text: String, doublingPercent: Bool) -> String {
        var scalars = displayed(text)
        if doublingPercent, scalars.contains("%") {
            var bytes = 0
            if let cut = scalars.firstIndex(where: { bytes += $0.utf8.count; return bytes > maxFormattedTickLabelBytes }) {
                // Room for the ellipsis (three bytes) within the limit.
                var end = cut
                while end > 0, scalars[..<end].reduce(0, { $0 + $1.utf8.count }) > maxFormattedTickLabelBytes - 3 { end -= 1 }
                scalars = Array(scalars[..<end]) + ["…"]
            }
        }
        var pieces: [String] = []
        var run = ""
        func closeRun() {
            if !run.isEmpty { pieces.append("'" + run + "'") }
            run = ""
        }
        for scalar in scalars {
            if let escape = escaped[scalar] {
                closeRun()
                pieces.append(escape)
            } else if scalar == "%" && doublingPercent {
                run += "%%"
            } else {
                run.unicodeScalars.append(scalar)
            }
        }
        closeRun()
        return pieces.isEmpty ? "''" : pieces.joined(separator: " . ")
    }

    /// A finite number as a literal gnuplot reads back exactly; NaN and infinities become
    /// `NaN`, which scripts declare as the missing value (`set datafile missing 'NaN'`).
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return missing }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// The missing-value token in datablocks.
    public static let missing = "NaN"

    /// Ends every datablock. Data lines hold only numbers and `NaN`, so it cannot occur in them.
    public static let datablockTerminator = "WWN_END_OF_DATA"
}
