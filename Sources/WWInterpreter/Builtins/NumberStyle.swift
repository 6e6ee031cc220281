import Foundation

/// The ways `fmt` writes a number, each one C conversion (see `CNumberFormat`).
enum NumberStyle: String, CaseIterable {
    /// `decimals` digits after the point (`%.3f`): today's `fmt(x, decimals)`.
    case fixed
    /// `digits` significant figures, trailing zeros kept (`%#.3g`): 0.5 is "0.500", 1.2345e-5 is
    /// "1.23e-05". Exponent form when the exponent is below -4 or at least `digits`, as in C.
    case sig
    /// `digits` significant figures in exponent form (`%.2e` for 3 digits): "1.23e-05".
    case sci
    /// `digits` significant figures, trailing zeros dropped (`%.3g`, Python's `{:.3g}`).
    case auto

    /// Significant digits `fmt` accepts: a double carries at most 17, so more only shows the
    /// binary expansion's noise.
    static let maxSignificantDigits = 17
    /// Decimals `fmt` accepts in the fixed style (its range before styles existed).
    static let maxDecimals = 17

    /// Whether the style counts significant digits (`digits`) rather than decimals.
    var countsSignificantDigits: Bool { self != .fixed }

    /// `x` in this style with `precision` decimals (fixed) or significant digits (the others).
    func format(_ x: Double, precision: Int) -> String {
        switch self {
        case .fixed: return CNumberFormat.string("%.\(precision)f", x)
        case .sig:
            // `#` keeps trailing zeros but also a bare point ("100.", "1.e+05"), which C and
            // Python print and a reader takes for a typo: drop the point when no digit follows.
            let text = CNumberFormat.string("%#.\(precision)g", x)
            if text.hasSuffix(".") { return String(text.dropLast()) }
            return text.replacingOccurrences(of: ".e", with: "e")
        case .sci: return CNumberFormat.string("%.\(precision - 1)e", x)
        case .auto: return CNumberFormat.string("%.\(precision)g", x)
        }
    }
}
