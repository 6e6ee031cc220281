/// How many terminal columns text occupies, for aligning tables.
///
/// Counting `Character`s is right for most text, but East Asian wide
/// characters and emoji take two columns in a terminal and combining marks or
/// zero-width characters take none; counting them as one would misalign every
/// column to their right. This is an approximation of Unicode's East Asian
/// Width (UAX #11) covering the common wide blocks — enough for labels and
/// names in tables — not a full implementation.
enum DisplayWidth {
    /// The terminal width of `text`.
    static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// The terminal width of one grapheme cluster: 0, 1 or 2.
    static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        if scalars.allSatisfy(isZeroWidth) {
            return 0
        }
        if scalars.contains(where: { $0.properties.isEmojiPresentation }) {
            return 2
        }
        // An emoji-style variation selector widens a text-default symbol (❤️).
        if scalars.contains(where: { $0.value == 0xFE0F }) && scalars.contains(where: { $0.properties.isEmoji }) {
            return 2
        }
        if let first = scalars.first, isWide(first) {
            return 2
        }
        return 1
    }

    /// `text` cut to at most `width` columns, ending in `…` if anything was
    /// cut. `width` is at least 1 (room for the `…`).
    static func truncate(_ text: String, toWidth width: Int) -> String {
        precondition(width >= 1, "truncation width must leave room for the ellipsis")
        guard of(text) > width else { return text }
        var kept = ""
        var used = 0
        let budget = width - 1  // the ellipsis takes one column
        for character in text {
            let w = of(character)
            if used + w > budget { break }
            kept.append(character)
            used += w
        }
        return kept + "…"
    }

    /// Marks, format characters (like zero-width joiners) and variation
    /// selectors draw nothing by themselves.
    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format:
            return true
        default:
            return (0xFE00...0xFE0F).contains(scalar.value)
        }
    }

    /// The East Asian Wide and Fullwidth blocks.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,  // Hangul Jamo leading consonants
        0x2E80...0x303E,  // CJK radicals, Kangxi, CJK symbols and punctuation
        0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, CJK compatibility
        0x3400...0x4DBF,  // CJK Unified Ideographs Extension A
        0x4E00...0x9FFF,  // CJK Unified Ideographs
        0xA000...0xA4CF,  // Yi
        0xAC00...0xD7A3,  // Hangul syllables
        0xF900...0xFAFF,  // CJK compatibility ideographs
        0xFE30...0xFE4F,  // CJK compatibility forms
        0xFF00...0xFF60,  // Fullwidth forms
        0xFFE0...0xFFE6,  // Fullwidth signs
        0x20000...0x3FFFD,  // CJK Unified Ideographs Extensions B and later
    ]

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        wideRanges.contains { $0.contains(scalar.value) }
    }
}
