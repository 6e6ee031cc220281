/// GPT-2's byte-to-character table (`bytes_to_unicode`), which byte-level BPE spells every byte
/// of UTF-8 text with: the printable bytes '!'...'~', '¡'...'¬' and '®'...'ÿ' stand for
/// themselves, the other 68 (controls, space, ...) for U+0100 onwards in byte order, so a space
/// is 'Ġ' and a newline 'Ċ'.
enum ByteLevelAlphabet {
    /// The character standing for each byte.
    static let scalars: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
            if printable {
                table[byte] = Unicode.Scalar(UInt8(byte))
            } else {
                table[byte] = Unicode.Scalar(next) ?? " "
                next += 1
            }
        }
        return table
    }()

    /// `text`'s UTF-8 bytes spelled with the table.
    static func spell(_ text: String) -> String {
        var spelled = String.UnicodeScalarView()
        for byte in text.utf8 { spelled.append(scalars[Int(byte)]) }
        return String(spelled)
    }
}
