/// HF `tokenizers`' BertNormalizer and BertPreTokenizer: text cleaned (control characters
/// dropped, every whitespace a space), CJK ideographs set apart by spaces, accents stripped
/// (NFD, then non-spacing marks removed) and lowercased, then split into words at whitespace
/// and at every punctuation character, each punctuation character a word of its own.
struct BertTextNormalizer: Equatable, Sendable {
    var cleansText = true
    var separatesChineseCharacters = true
    var stripsAccents = true
    var lowercases = true

    /// The words of `text`, in order.
    func words(of text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in normalized(text).unicodeScalars {
            if Self.isWhitespace(scalar) {
                flush()
            } else if Self.isPunctuation(scalar) {
                flush()
                words.append(String(scalar))
            } else {
                current.append(scalar)
            }
        }
        flush()
        return words
    }

    /// The text as the normaliser leaves it (the pre-tokeniser's input).
    func normalized(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if cleansText {
                if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
                if Self.isWhitespace(scalar) {
                    scalars.append(" ")
                    continue
                }
            }
            if separatesChineseCharacters, Self.isChineseCharacter(scalar) {
                scalars.append(" ")
                scalars.append(scalar)
                scalars.append(" ")
            } else {
                scalars.append(scalar)
            }
        }
        var result = String(scalars)
        if stripsAccents {
            var stripped = String.UnicodeScalarView()
            for scalar in result.decomposedStringWithCanonicalMapping.unicodeScalars
            where scalar.properties.generalCategory != .nonspacingMark {
                stripped.append(scalar)
            }
            result = String(stripped)
        }
        if lowercases {
            // Per scalar, as Rust's char::to_lowercase (String.lowercased() would apply
            // context rules such as the final sigma, which HF does not).
            var lowered = String.UnicodeScalarView()
            for scalar in result.unicodeScalars { lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars) }
            result = String(lowered)
        }
        return result
    }

    /// tokenizers' `is_whitespace` (Rust's `char::is_whitespace`, the White_Space property).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace }

    /// tokenizers' `is_control`: categories Cc, Cf, Cn, Co (Cs cannot occur in Swift text),
    /// except tab, newline and carriage return.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\n", "\r": return false
        default:
            switch scalar.properties.generalCategory {
            case .control, .format, .unassigned, .privateUse, .surrogate: return true
            default: return false
            }
        }
    }

    /// BertPreTokenizer's punctuation: ASCII punctuation (symbols such as $ + < = > ^ ` | ~
    /// included) and Unicode categories Pc, Pd, Pe, Pf, Pi, Po, Ps.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .closePunctuation, .finalPunctuation, .initialPunctuation,
             .otherPunctuation, .openPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK Unified Ideographs blocks BERT's normaliser sets apart (tokenizers' list, whose
    /// fifth range starts at 0x2B920 where the original BERT's starts at 0x2B820).
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
