import WWData
import WWNumerics
import XCTest

final class SyntheticDataTests: XCTestCase {
    func testGaussianMixtureHasMeansAtTheSeparationAndUnitNoise() throws {
        let data = try SyntheticData.gaussianMixture(count: 6000, dimensions: 4, classes: 3, separation: 5, seed: 1)
        XCTAssertEqual(data.features.shape, [6000, 4])
        XCTAssertEqual(data.classCounts, [2000, 2000, 2000])
        let values = data.features.doubleValues
        for label in 0..<3 {
            let rows = data.labels.indices.filter { data.labels[$0] == label }
            let mean = (0..<4).map { d in rows.map { values[$0 * 4 + d] }.reduce(0, +) / Double(rows.count) }
            let norm = mean.map { $0 * $0 }.reduce(0, +).squareRoot()
            XCTAssertEqual(norm, 5, accuracy: 0.1, "class \(label) mean is at distance \(norm)")
            let spread = rows.map { values[$0 * 4] - mean[0] }
            let variance = spread.map { $0 * $0 }.reduce(0, +) / Double(rows.count)
            XCTAssertEqual(variance, 1, accuracy: 0.1)
        }
    }

    func testGaussianMixtureIsSeeded() throws {
        let a = try SyntheticData.gaussianMixture(count: 50, dimensions: 3, classes: 2, separation: 1, seed: 7)
        let b = try SyntheticData.gaussianMixture(count: 50, dimensions: 3, classes: 2, separation: 1, seed: 7)
        let c = try SyntheticData.gaussianMixture(count: 50, dimensions: 3, classes: 2, separation: 1, seed: 8)
        XCTAssertEqual(a.features, b.features)
        XCTAssertNotEqual(a.features, c.features)
        XCTAssertThrowsError(try SyntheticData.gaussianMixture(count: 5, dimensions: 0, classes: 2, separation: 1, seed: 0))
        XCTAssertThrowsError(try SyntheticData.gaussianMixture(count: 5, dimensions: 2, classes: 2, separation: -1, seed: 0))
    }

    func testTeacherLabelsAreTheArgmaxOfItsOwnWeights() throws {
        let result = try SyntheticData.teacherStudent(count: 300, dimensions: 5, classes: 4, hidden: 16, depth: 2,
                                                      labelNoise: 0, seed: 3)
        XCTAssertEqual(result.teacherWeights.map(\.shape), [[16, 5], [16, 16], [4, 16]])
        let x = result.dataset.features.doubleValues
        let w = result.teacherWeights.map(\.doubleValues)
        let widths = [5, 16, 16, 4]
        for i in 0..<300 {
            var a = Array(x[(i * 5)..<(i * 5 + 5)])
            for layer in 0..<3 {
                a = (0..<widths[layer + 1]).map { o in
                    let z = (0..<widths[layer]).map { w[layer][o * widths[layer] + $0] * a[$0] }.reduce(0, +)
                    return layer < 2 ? max(z, 0) : z
                }
            }
            let best = a.indices.max { a[$0] < a[$1] } ?? -1
            XCTAssertEqual(result.dataset.labels[i], best, "sample \(i)")
        }
        XCTAssertGreaterThan(Set(result.dataset.labels).count, 1)
    }

    func testTeacherLabelNoiseFlipsAboutThatFraction() throws {
        let clean = try SyntheticData.teacherStudent(count: 4000, dimensions: 8, classes: 3, hidden: 8, depth: 1, labelNoise: 0, seed: 2)
        let noisy = try SyntheticData.teacherStudent(count: 4000, dimensions: 8, classes: 3, hidden: 8, depth: 1, labelNoise: 0.2, seed: 2)
        XCTAssertEqual(clean.dataset.features, noisy.dataset.features)
        let flipped = zip(clean.dataset.labels, noisy.dataset.labels).filter { $0 != $1 }.count
        XCTAssertEqual(Double(flipped) / 4000, 0.2, accuracy: 0.03)
        XCTAssertThrowsError(try SyntheticData.teacherStudent(count: 10, dimensions: 2, classes: 2, hidden: 2, depth: 1, labelNoise: 1.5, seed: 0))
        XCTAssertThrowsError(try SyntheticData.teacherStudent(count: 10, dimensions: 2, classes: 1, hidden: 2, depth: 1, labelNoise: 0, seed: 0))
    }
}
