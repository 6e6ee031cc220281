import XCTest
import WWNumerics
@testable import WWAugment

/// The random policies against torchvision's: the same summary statistics over many runs on the
/// same images must agree within sampling error (streams differ, distributions must not):
/// the share unchanged, the mean absolute change, the mean output, the share of large changes,
/// and the change distribution at torchvision's quartiles and 90th percentile.
final class PolicyDistributionTests: XCTestCase {
    /// Runs per image here; torchvision's runs are in the fixture.
    static let runs = 800
    /// Allowed difference in standard errors of the difference of two independent means: at 4.5
    /// a correct implementation fails one of these comparisons with probability below 1e-4.
    static let zLimit = 4.5

    func compare(_ policy: ImageAugmentation, as name: String, seed: UInt64) throws {
        let reference = try AugmentFixtures.policyStatistics()
        let images = try AugmentFixtures.load().images
        guard let expected = reference.policies[name] else { return XCTFail("no statistics for \(name)") }
        for imageName in reference.images {
            guard let image = images[imageName], let imageStats = expected[imageName] else { return XCTFail("no image \(imageName)") }
            let stats = imageStats.statistics
            var unchanged: [Double] = [], change: [Double] = [], output: [Double] = [], large: [Double] = []
            for run in 0..<Self.runs {
                var random = itemStream(base: seed, index: run)
                let result = try policy.augment(image, random: &random)
                let difference = zip(result.pixels, image.pixels).reduce(0.0) { $0 + abs(Double($1.0) - Double($1.1)) } / Double(image.pixels.count)
                unchanged.append(result == image ? 1 : 0)
                change.append(difference)
                output.append(result.pixels.reduce(0.0) { $0 + Double($1) } / Double(image.pixels.count))
                large.append(difference > reference.large_change_threshold ? 1 : 0)
            }
            for (key, values) in [("unchanged", unchanged), ("mean_abs_change", change), ("mean_output", output), ("large_change", large)] {
                guard let torch = stats[key] else { XCTFail("no \(key)"); continue }
                let mean = values.reduce(0, +) / Double(values.count)
                let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
                // A floor of one part in runs keeps a zero-variance statistic from dividing by 0.
                let error = (torch.std * torch.std / Double(reference.runs) + variance / Double(values.count)).squareRoot()
                let z = abs(mean - torch.mean) / max(error, 1.0 / Double(Self.runs))
                XCTAssertLessThan(z, Self.zLimit, "\(name) on \(imageName): \(key) wwn \(mean) vs torchvision \(torch.mean) (\(z) standard errors)")
            }
            // Quantiles: the share of wwn's runs at or below torchvision's quantile is a binomial
            // proportion, as is torchvision's own share; their difference has a known error.
            XCTAssertEqual(imageStats.quantiles.count, 4)
            for quantile in imageStats.quantiles {
                let share = Double(change.filter { $0 <= quantile.value }.count) / Double(change.count)
                let p = quantile.at_or_below
                let error = (p * (1 - p) * (1 / Double(reference.runs) + 1 / Double(change.count))).squareRoot()
                let z = abs(share - p) / max(error, 1.0 / Double(Self.runs))
                XCTAssertLessThan(z, Self.zLimit, "\(name) on \(imageName): share of changes <= \(quantile.value) (torchvision's \(quantile.level) quantile) is \(share), torchvision \(p)")
            }
        }
    }

    func testAutoAugmentMatchesTorchvisionInDistribution() throws {
        try compare(AutoAugment(), as: "autoaugment", seed: 11)
    }

    func testRandAugmentMatchesTorchvisionInDistribution() throws {
        try compare(RandAugment(), as: "randaugment", seed: 12)
    }

    func testTrivialAugmentMatchesTorchvisionInDistribution() throws {
        try compare(TrivialAugmentWide(), as: "trivialaugment", seed: 13)
    }

    func testAugMixMatchesTorchvisionInDistribution() throws {
        try compare(AugMix(), as: "augmix", seed: 14)
    }

    func testAugMixWithAllOpsMatchesTorchvisionInDistribution() throws {
        try compare(AugMix(allOps: true), as: "augmix_all_ops", seed: 15)
    }
}
