import Foundation
import XCTest

/// The binding layer reads every argument by name (`call.integer("epochs", in: ...)`), never by
/// position: a positional read silently reads another argument when a parameter is added before
/// it. The positional accessors are internal to WWInterpreter, so the compiler already refuses
/// them here; this test also refuses the other ways to count through a signature.
final class BindingLayerTests: XCTestCase {
    /// `Sources/WWLibrary`, found from this file's path so the test runs from any directory.
    private static let bindings = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/WWLibrary")

    /// Patterns of a positional read: an accessor or converter given a literal index, and the
    /// signature's parameter list indexed directly.
    private static let positionalReads = [
        #"call\.[A-Za-z]+\(\s*[0-9]"#,
        #"\(&?call,\s*[0-9]"#,
        #"parameters\["#,
    ]

    func testNoPositionalArgumentReads() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.bindings, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" }
        XCTAssertGreaterThan(files.count, 10, "the bindings were not found at \(Self.bindings.path)")
        let expressions = try Self.positionalReads.map { try NSRegularExpression(pattern: $0) }
        var offences: [String] = []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (number, line) in lines.enumerated() {
                let range = NSRange(line.startIndex..., in: line)
                if expressions.contains(where: { $0.firstMatch(in: line, range: range) != nil }) {
                    offences.append("\(file.lastPathComponent):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        XCTAssertEqual(offences, [], "read arguments by name (call.integer(\"epochs\")), not by position")
    }
}
