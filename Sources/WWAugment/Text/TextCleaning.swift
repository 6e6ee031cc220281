/// EDA's text cleaning, which decides what a "word" is for every EDA operation.
public enum TextCleaning {
    /// Apostrophes are dropped rather than spaced so contractions stay one word ("don't" →
    /// "dont"); EDA drops both the ASCII and the typographic (U+2019) one.
    static let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2019}"]
    /// Characters that separate words before everything else non-letter does.
    static let separators: Set<Unicode.Scalar> = ["-", "\t", "\n"]

    /// Apostrophes dropped; `-`, tab and newline made spaces; lower-cased; every character
    /// other than a-z and space made a space; runs of spaces collapsed to one; no space at
    /// either end. Lower-casing works on Unicode scalars as Python's `str.lower` does, so
    /// "İ" becomes "i" plus a combining dot, which then becomes a space.
    ///
    /// EDA's `get_only_chars` removes a leading space but keeps a trailing one ("Hi!" gives
    /// "hi "); trimming both ends yields the same words.
    public static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !apostrophes.contains(scalar) {
            scalars.append(separators.contains(scalar) ? " " : scalar)
        }
        var result = ""
        var pendingSpace = false
        for scalar in String(scalars).lowercased().unicodeScalars {
            if isLowercaseASCIILetter(scalar) {
                if pendingSpace, !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return result
    }

    /// The words of a cleaned text.
    public static func words(_ text: String) -> [String] {
        clean(text).split(separator: " ").map(String.init)
    }

    /// A WordNet lemma name as an EDA synonym: `_` and `-` become spaces, lower-cased, and
    /// only a-z and spaces kept (other characters vanish; they do not become spaces).
    static func keepingLetters(_ name: String) -> String {
        var result = ""
        for scalar in name.replacingUnderscoresAndHyphens().lowercased().unicodeScalars
        where scalar == " " || isLowercaseASCIILetter(scalar) {
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    static func isLowercaseASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x61 && scalar.value <= 0x7A
    }
}

private extension String {
    func replacingUnderscoresAndHyphens() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "_" || $0 == "-" ? " " : $0 }))
    }
}
