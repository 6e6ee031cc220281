import Foundation
import XCTest

/// The committed fixtures of Tests/Fixtures/powerlaw (made by tools/make-powerlaw-fixtures.py).
enum PowerLawFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/powerlaw")

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError("\(name) is not a JSON object")
        }
        return object
    }

    /// blackouts.txt (one number per line) divided by 1000, as in the spec's reference values.
    static func blackouts() throws -> [Double] {
        let text = try String(contentsOf: directory.appendingPathComponent("blackouts.txt"), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }.map { $0 / 1000 }
    }

    static func samples() throws -> [[String: Any]] {
        guard let samples = try json("samples.json")["samples"] as? [[String: Any]] else { throw FixtureError("samples.json has no samples") }
        return samples
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A number from a fixture ("nan"/"inf" strings allowed).
func number(_ value: Any?) -> Double? {
    if let x = value as? Double { return x }
    if let x = value as? Int { return Double(x) }
    if let s = value as? String { return Double(s) }
    return nil
}

/// Relative difference |a - b| / max(|b|, tiny); 0 when both are NaN or equal infinities.
func relativeDifference(_ a: Double, _ b: Double) -> Double {
    if a.isNaN && b.isNaN { return 0 }
    if a == b { return 0 }
    return abs(a - b) / Swift.max(abs(b), 1e-300)
}

func assertClose(_ actual: Double, _ expected: Double?, relative: Double, _ message: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard let expected else { return XCTFail("fixture lacks \(message)", file: file, line: line) }
    let difference = relativeDifference(actual, expected)
    XCTAssertLessThanOrEqual(difference, relative, "\(message): wwn \(actual), powerlaw \(expected) (relative difference \(difference))",
                             file: file, line: line)
}
