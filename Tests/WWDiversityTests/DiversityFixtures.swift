import Foundation
import XCTest
import WWNumerics
@testable import WWDiversity

/// The reference values of `Tests/Fixtures/diversity/vendi.json` (tools/make-diversity-fixtures.py).
enum DiversityFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/diversity")

    static let root: [String: Any] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("vendi.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    static func section(_ name: String) throws -> [String: Any] {
        try XCTUnwrap(root[name] as? [String: Any], "fixture section \(name) missing")
    }

    static func matrix(_ value: Any?, elementType: ElementType = .float64) throws -> Tensor {
        let rows = try XCTUnwrap(value as? [[Double]])
        return try Tensor(rows: rows, elementType: elementType)
    }

    /// Reference scores keyed by order ("0.0", "0.5", "1.0", "2.0", "inf").
    static func orders(_ value: Any?) throws -> [(VendiOrder, Double)] {
        let table = try XCTUnwrap(value as? [String: Double])
        return try table.sorted { $0.key < $1.key }.map { key, score in
            (try VendiOrder(text: key), score)
        }
    }
}

func assertRelative(_ actual: Double, _ expected: Double, _ tolerance: Double, _ message: String = "",
                    file: StaticString = #filePath, line: UInt = #line) {
    let error = abs(actual - expected) / max(abs(expected), 1e-300)
    XCTAssertLessThanOrEqual(error, tolerance, "\(message): \(actual) vs \(expected) (relative error \(error))", file: file, line: line)
}
