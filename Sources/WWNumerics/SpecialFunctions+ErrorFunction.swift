import Foundation

/// The complementary error function far in its tail, where `erfc(x)` itself is subnormal or 0.
///
/// The lognormal's normalisation `erfc((ln xmin - mu) / (sigma sqrt 2))` reaches that range when
/// a lognormal fitted to a power-law tail drifts to a very negative mu (the powerlaw package's
/// optimiser does this). The C library's `erfc` loses accuracy in the subnormal range and
/// returns 0 beyond about 26.6; the logarithm stays accurate everywhere.
extension SpecialFunctions {
    /// Above this, `erfc` comes from `-x² + ln erfcx(x)` (erfc(25) ≈ 8e-274, still a normal double).
    public static let logErfcAsymptoticThreshold = 25.0

    /// `ln erfc(x)`, accurate for large x where erfc underflows; ln 2 at -inf, -inf at +inf.
    public static func logErfc(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < logErfcAsymptoticThreshold { return Foundation.log(erfc(x)) }
        if x == .infinity { return -.infinity }
        // erfcx(x) = e^(x²) erfc(x) = (1/sqrt(pi)) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
        // evaluated bottom-up; at x >= 25 twenty levels are far more than double precision needs.
        var tail = x
        for k in stride(from: 20, through: 1, by: -1) {
            tail = x + (Double(k) / 2) / tail
        }
        let scaled = 1 / (Double.pi.squareRoot() * tail)
        let square = x * x
        let squareError = Foundation.fma(x, x, -square)  // x² = square + squareError exactly
        return -square + (Foundation.log(scaled) - squareError)
    }
}
