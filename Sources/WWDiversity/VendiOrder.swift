import Foundation

/// The order q of a Vendi Score: any q >= 0, including infinity.
///
/// q weighs how rare modes count: q = 0 counts every mode (the effective rank), q = 1 is the
/// exponential of the Shannon entropy (the original Vendi Score), q = 2 is the inverse
/// participation ratio, and q = infinity is decided by the largest mode alone.
public struct VendiOrder: Equatable, Sendable, CustomStringConvertible {
    /// The order; `Double.infinity` for q = infinity.
    public let value: Double

    /// - Throws: ``DiversityError`` for a negative or NaN order.
    public init(_ value: Double) throws {
        guard !value.isNaN, value >= 0 else {
            throw DiversityError("the order q must be a number >= 0 (or infinity), got \(value)")
        }
        self.value = value
    }

    /// Reads "inf", "infinity" (any case) or a number, as the reference accepts the string "inf".
    /// - Throws: ``DiversityError`` for other text or a negative order.
    public init(text: String) throws {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        if ["inf", "infinity", "+inf"].contains(lowered) { self.init(unchecked: .infinity); return }
        guard let number = Double(lowered) else {
            throw DiversityError("the order q must be a number >= 0 or \"inf\", got \"\(text)\"")
        }
        try self.init(number)
    }

    public static let shannon = VendiOrder(unchecked: 1)

    private init(unchecked value: Double) { self.value = value }

    public var description: String { value.isInfinite ? "inf" : "\(value)" }

    /// `exp` of the Rényi entropy of order q of a spectrum that sums to 1 (up to round-off).
    ///
    /// Eigenvalues at or below ``DiversityLimits/relativeEigenvalueFloor`` times the largest
    /// are dropped first (see there why); the rest are used as they are, not renormalised, as
    /// in the reference.
    public func score(ofSpectrum eigenvalues: [Double]) -> Double {
        let largest = eigenvalues.max() ?? 0
        guard largest > 0 else { return 0 }
        let floor = largest * DiversityLimits.relativeEigenvalueFloor
        let kept = eigenvalues.filter { $0 > floor }
        let entropy: Double
        if value.isInfinite {
            entropy = -Foundation.log(largest)
        } else if value == 1 {
            entropy = -kept.reduce(0) { $0 + $1 * Foundation.log($1) }
        } else {
            entropy = Self.renyiEntropy(kept, order: value)
        }
        return Foundation.exp(entropy)
    }

    /// `ln(sum p^q) / (1 - q)` computed so that it stays finite and accurate at every order.
    ///
    /// The direct formula fails at both ends: for large q every `p^q` underflows (2,000 gave an
    /// infinite score where the limit is `1 / max p`), and near q = 1 the spectrum's round-off
    /// (its sum is 1 only to about 1e-16) is divided by `1 - q` (q = 1 + 2e-16 gave e instead of
    /// the Shannon score). So the spectrum is renormalised to sum to exactly 1 (a change of
    /// round-off size against the reference, which does not), the largest exponent is factored
    /// out, and the rest is summed with `expm1` and `log1p`:
    /// `ln sum w^q = m + log1p(sum w (exp(t ln w - m) - 1))` with `t = q - 1`, `m = max t ln w`.
    static func renyiEntropy(_ spectrum: [Double], order q: Double) -> Double {
        let total = spectrum.reduce(0, +)
        let t = q - 1
        let exponents = spectrum.map { t * Foundation.log($0 / total) }
        let m = exponents.max() ?? 0
        var sum = 0.0
        for (p, a) in zip(spectrum, exponents) { sum += (p / total) * Foundation.expm1(a - m) }
        return -(m + Foundation.log1p(sum)) / t
    }
}
