import Foundation

/// Distances between a fitted CDF and the tail's empirical CDF, as the powerlaw package's
/// `compute_distance_metrics` defines them: evaluated at the distinct tail values against the
/// left-continuous ECDF `#{tail < x} / n`.
public struct TailDistance: Sendable, Equatable {
    /// max(model - data).
    public var dPlus: Double
    /// max(data - model).
    public var dMinus: Double
    /// 1 + mean(model - data) (powerlaw's `Kappa`).
    public var kappa: Double
    /// Anderson–Darling A²: Σ (model - data)² / (model (1 - model) + 1e-12), skipping xmin.
    public var andersonDarling: Double

    /// Kolmogorov–Smirnov D = max(D+, D-).
    public var ks: Double { Swift.max(dPlus, dMinus) }
    /// Kuiper V = D+ + D-.
    public var kuiper: Double { dPlus + dMinus }

    func value(of distance: PowerLawPackageOptions.Distance) -> Double {
        switch distance {
        case .ks: return ks
        case .kuiper: return kuiper
        case .andersonDarling: return andersonDarling
        }
    }

    /// The powerlaw package's guard against division by zero in A².
    static let andersonDarlingGuard = 1e-12

    /// Distances of `model` (the CDF at `points`) from `empirical` (the ECDF there).
    static func between(model: [Double], empirical: [Double]) -> TailDistance {
        var high = -Double.infinity, low = Double.infinity
        var differences = [Double](repeating: 0, count: model.count)
        var weighted: [Double] = []
        weighted.reserveCapacity(model.count)
        for k in model.indices {
            let difference = model[k] - empirical[k]
            differences[k] = difference
            high = Swift.max(high, difference)
            low = Swift.min(low, difference)
            if k > 0 {
                weighted.append(difference * difference / (model[k] * (1 - model[k]) + andersonDarlingGuard))
            }
        }
        return TailDistance(dPlus: high, dMinus: -low, kappa: 1 + PowerLawPackageSummation.numpyMean(differences),
                            andersonDarling: PowerLawPackageSummation.numpySum(weighted))
    }
}

/// The sorted data with its distinct values and, for each, how many points lie below it:
/// everything the xmin scan and the ECDF need, computed once.
struct SortedSample {
    let values: [Double]
    let distinct: [Double]
    /// `below[k]` = number of values < distinct[k] (the first index of distinct[k]).
    let below: [Int]

    init(sorted values: [Double]) {
        self.values = values
        var distinct: [Double] = [], below: [Int] = []
        for (i, x) in values.enumerated() where i == 0 || x != values[i - 1] {
            distinct.append(x)
            below.append(i)
        }
        self.distinct = distinct
        self.below = below
    }

    /// The tail ECDF at the distinct values from index `first` on, computed as the powerlaw
    /// package does: the full-sample left ECDF, shifted and rescaled to the tail.
    func tailECDF(from first: Int) -> [Double] {
        let count = Double(values.count)
        let dropped = Double(below[first]) / count
        return (first..<distinct.count).map { (Double(below[$0]) / count - dropped) / (1 - dropped) }
    }
}
