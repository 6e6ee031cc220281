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
            entropy = Foundation.log(kept.reduce(0) { $0 + Foundation.pow($1, value) }) / (1 - value)
        }
        return Foundation.exp(entropy)
    }
}
