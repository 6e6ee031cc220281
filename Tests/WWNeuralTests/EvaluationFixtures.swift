import Foundation
import WWNumerics
import XCTest

/// Reads the reference values written by `tools/make-eval-fixtures.py` into
/// `Tests/Fixtures/eval/`.
enum EvaluationFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/eval")

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// A float64 matrix from nested rows.
    static func matrix(_ rows: [[Double]]) throws -> Tensor { try Tensor(rows: rows) }
}

/// `|actual - expected| <= absolute + relative · |expected|`, with both values in the message.
func assertEvaluationClose(_ actual: Double, _ expected: Double, relative: Double = 1e-12, absolute: Double = 0,
                 _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    let tolerance = absolute + relative * abs(expected)
    XCTAssert(abs(actual - expected) <= tolerance, "\(message) \(actual) differs from \(expected) by more than \(tolerance)",
              file: file, line: line)
}

/// Asserts that `body` throws an `EvaluationError` whose message contains `fragment`.
func assertEvaluationError<T>(_ fragment: String, file: StaticString = #filePath, line: UInt = #line,
                              _ body: () throws -> T) {
    do {
        _ = try body()
        XCTFail("expected an error containing \"\(fragment)\"", file: file, line: line)
    } catch {
        XCTAssert("\(error)".contains(fragment), "error \"\(error)\" does not contain \"\(fragment)\"", file: file, line: line)
    }
}
