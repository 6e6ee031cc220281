import Foundation
import WWNumerics

/// The comparison of a layer's spectrum with that of its weights shuffled (WeightWatcher
/// `randomize`): shuffling keeps the entries' distribution but destroys their correlations,
/// so what the real spectrum has beyond the random one is learned structure, and what the
/// random one has beyond its MP bulk are correlation traps (a few huge entries).
public struct RandomComparison: Sendable {
    /// The largest eigenvalue of the randomised spectrum (`max_rand_eval`).
    public var maxRandomEigenvalue: Double
    /// Jensen-Shannon distance between the real and a randomised spectrum (`rand_distance`).
    public var distance: Double
    /// `max(random) / max(real)` (`ww_softrank`).
    public var softRank: Double
    /// `max(real) - max(random)` (`ww_maxdist`).
    public var maxDistance: Double
    /// The MP fit of the randomised spectrum (`rand_num_spikes` = correlation traps, ...);
    /// nil when that fit failed.
    public var randomFit: MarchenkoPasturFit?
    /// The randomised spectrum the MP fit saw (sorted).
    public var randomEigenvalues: [Double]
}

public enum Randomization {
    /// Randomises a layer's matrices as WeightWatcher does, but seeded: a first draw (five
    /// replicas for layers of fewer than 100 eigenvalues) gives `max_rand_eval` and the random
    /// MP fit; a second, single draw gives the distance and soft rank.
    public static func compare(matrices: [LayerMatrix], eigenvalues: [Double], q: Double, m: Int,
                               random: inout SeededRandom) throws -> RandomComparison {
        let replicas = eigenvalues.count < SpectralLimits.randomReplicaThreshold ? SpectralLimits.smallLayerRandomReplicas : 1
        let first = try shuffledEigenvalues(matrices, replicas: replicas, random: &random)
        let second = try shuffledEigenvalues(matrices, replicas: 1, random: &random)
        let realMax = eigenvalues.max() ?? 0
        let randomMax = second.max() ?? 0
        return RandomComparison(maxRandomEigenvalue: first.max() ?? 0,
                                distance: jensenShannonDistance(eigenvalues, second),
                                softRank: randomMax / realMax, maxDistance: realMax - randomMax,
                                randomFit: try? MarchenkoPastur.fit(eigenvalues: first, q: q, m: m),
                                randomEigenvalues: first)
    }

    /// The pooled spectrum of the matrices with each one's entries shuffled, `replicas` times.
    public static func shuffledEigenvalues(_ matrices: [LayerMatrix], replicas: Int, random: inout SeededRandom) throws -> [Double] {
        var all: [Double] = []
        for _ in 0..<replicas {
            for matrix in matrices {
                var shuffled = matrix
                random.shuffle(&shuffled.values)
                all.append(contentsOf: try LayerSpectrum.eigenvalues(of: shuffled).values)
            }
        }
        return all.sorted()
    }

    /// Jensen-Shannon distance (natural log) of two equally long non-negative vectors, each
    /// treated as a distribution, with SciPy's conventions: `m = (p + q) / 2` and every vector
    /// normalised to sum 1 inside the relative entropies.
    public static func jensenShannonDistance(_ p: [Double], _ q: [Double]) -> Double {
        guard p.count == q.count, !p.isEmpty else { return .nan }
        let m = zip(p, q).map { ($0 + $1) / 2 }
        let divergence = (relativeEntropy(p, m) + relativeEntropy(q, m)) / 2
        return divergence.squareRoot()
    }

    static func relativeEntropy(_ p: [Double], _ q: [Double]) -> Double {
        let sp = p.reduce(0, +), sq = q.reduce(0, +)
        var terms: [Double] = []
        terms.reserveCapacity(p.count)
        for (a, b) in zip(p, q) {
            let x = a / sp, y = b / sq
            if x > 0 && y > 0 { terms.append(x * log(x / y)) } else if x == 0 && y >= 0 { terms.append(0) } else { return .infinity }
        }
        return Statistics.compensatedSum(terms)
    }
}
