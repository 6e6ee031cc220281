import Foundation

/// The body of `fmt(value, decimals = nil, digits = nil, style = nil)`. `fmt(x)` and
/// `fmt(x, decimals)` take the same path as before styles existed, so their text is unchanged.
func formatForFmt(_ call: BuiltinCall) throws -> Value {
    guard case .number(let x) = call.value(0) else { return .string(ValueFormatter.str(call.value(0))) }
    let style = try fmtStyle(call)
    if style.countsSignificantDigits, !call.value(1).isNil {
        throw BuiltinError("style \"\(style.rawValue)\" counts significant digits: give 'digits', not 'decimals'")
    }
    if style == .fixed, !call.value(2).isNil {
        throw BuiltinError("style \"fixed\" counts decimals: give 'decimals', not 'digits' (or a style that counts digits: \"sig\", \"sci\", \"auto\")")
    }
    let precision = style.countsSignificantDigits
        ? try call.optionalInteger(2, in: 1...NumberStyle.maxSignificantDigits) ?? defaultSignificantDigits
        : try call.optionalInteger(1, in: 0...NumberStyle.maxDecimals) ?? defaultDecimals
    if !x.isFinite { return .string(formatNumber(x)) }
    // The fixed style keeps the exact call fmt always made.
    if style == .fixed { return .string(String(format: "%.\(precision)f", x)) }
    return .string(style.format(x, precision: precision))
}

/// Decimals of the fixed style when `decimals` is not given (fmt's default before styles).
let defaultDecimals = 3

/// Significant digits when a style that counts them is chosen without `digits`: three, the
/// precision studies report effect sizes and p-values with.
let defaultSignificantDigits = 3

/// The style argument; without one, "sig" when `digits` is given, else "fixed".
private func fmtStyle(_ call: BuiltinCall) throws -> NumberStyle {
    if call.value(3).isNil { return call.value(2).isNil ? .fixed : .sig }
    let name = try call.choice(3, NumberStyle.allCases.map(\.rawValue))
    guard let style = NumberStyle(rawValue: name) else { preconditionFailure("a listed raw value has a case") }
    return style
}
