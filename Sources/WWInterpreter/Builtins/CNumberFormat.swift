import Foundation

/// Numbers as the C library's `printf` writes them (`%.3g`, `%+.2e`, `%08.3f`): the one source of
/// digits for `fmt` styles and `format` placeholders, so their output is byte for byte what C and
/// Python give, including rounding of halves, exponent width and nan/inf spelling.
enum CNumberFormat {
    /// Formats one double with a printf conversion such as `"%.3g"`. The conversion is built by
    /// this module from checked parts, never taken from the user, so it always has exactly one
    /// `double` conversion.
    static func string(_ conversion: String, _ value: Double) -> String {
        // glibc writes "-nan" for a nan whose sign bit is set (as `0 * -inf` gives); Python and
        // wwn's own display write "nan" for every nan.
        let x = value.isNaN ? Double.nan : value
        // Two passes: the first measures, so no buffer size has to be guessed (a `%.100f` of
        // 1e308 is over 400 characters).
        let length = withVaList([x]) { vsnprintf(nil, 0, conversion, $0) }
        precondition(length >= 0, "invalid printf conversion \(conversion)")
        var buffer = [CChar](repeating: 0, count: Int(length) + 1)
        _ = buffer.withUnsafeMutableBufferPointer { out in
            withVaList([x]) { vsnprintf(out.baseAddress, out.count, conversion, $0) }
        }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
