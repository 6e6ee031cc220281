import Foundation
import XCTest

/// Reference values from `tools/make-stats-fixtures.py` (SciPy and pandas), committed under
/// `Tests/Fixtures/stats/`.
enum StatsFixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/stats")

    static func load(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(name).json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw NSError(domain: "fixture", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(name).json is not an object"])
        }
        return object
    }

    /// The array of objects under `key`.
    static func items(_ name: String, _ key: String) throws -> [[String: Any]] {
        (try load(name)[key] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
    }
}

/// A fixture number: JSON numbers, or "nan" / "inf" / "-inf" (JSON has none of them).
func number(_ value: Any?) -> Double {
    switch value {
    case let x as Double: return x
    case let x as Int: return Double(x)
    case let s as String: return s == "inf" ? .infinity : s == "-inf" ? -.infinity : .nan
    default: return .nan
    }
}

func numbers(_ value: Any?) -> [Double] {
    (value as? [Any] ?? []).map(number)
}

/// Relative tolerance of statistics (r, t, F, slopes) against SciPy: the inputs are the same
/// doubles and the formulas agree, so only summation order differs.
let statisticTolerance = 1e-9
/// Relative tolerance of p-values above 1e-300 against SciPy: the incomplete beta and gamma
/// functions are evaluated by different algorithms (continued fractions here, Boost/Cephes in
/// SciPy), each accurate to ~1e-13; a p-value also inherits the statistic's error amplified by
/// the density's slope.
let pValueTolerance = 1e-8

/// Asserts `actual` is within `relative` of `expected` (relative to max(|expected|, 1e-300);
/// NaNs equal).
func assertClose(_ actual: Double?, _ expected: Double, relative: Double, _ message: @autoclosure () -> String,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard let actual else {
        XCTFail("\(message()): got nil, expected \(expected)", file: file, line: line)
        return
    }
    if expected.isNaN {
        XCTAssertTrue(actual.isNaN, "\(message()): got \(actual), expected nan", file: file, line: line)
        return
    }
    if expected.isInfinite || actual.isInfinite {
        XCTAssertEqual(actual, expected, message(), file: file, line: line)
        return
    }
    let scale = max(abs(expected), 1e-300)
    let error = abs(actual - expected) / scale
    XCTAssertLessThanOrEqual(error, relative, "\(message()): got \(actual), expected \(expected) (relative error \(error))",
                             file: file, line: line)
}
