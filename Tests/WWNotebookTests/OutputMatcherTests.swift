import XCTest
@testable import WWNotebook

final class OutputMatcherTests: XCTestCase {
    func testNumbersMatchWithinTheRelativeTolerance() {
        XCTAssertTrue(OutputMatcher.linesMatch("0.3", "0.30000000000000004"))
        XCTAssertTrue(OutputMatcher.linesMatch("mean 1e-3", "mean 0.001"))
        XCTAssertTrue(OutputMatcher.linesMatch("[1000000000, 2]", "[1000000000.5, 2]"))
        XCTAssertFalse(OutputMatcher.linesMatch("[1000, 2]", "[1000.5, 2]"))
        XCTAssertFalse(OutputMatcher.linesMatch("0.3", "0.3000001"))
        XCTAssertFalse(OutputMatcher.linesMatch("0", "1e-300"), "relative, so nothing is close to zero but zero")
        XCTAssertTrue(OutputMatcher.linesMatch("-0", "0"))
        XCTAssertFalse(OutputMatcher.linesMatch("-1", "1"))
    }

    func testTextMustMatchExactlyExceptTrailingSpaces() {
        XCTAssertTrue(OutputMatcher.linesMatch("a  b", "a  b   "))
        XCTAssertFalse(OutputMatcher.linesMatch("a  b", "a b"))
        XCTAssertFalse(OutputMatcher.linesMatch(" a", "a"), "leading spaces count (tables align with them)")
        XCTAssertFalse(OutputMatcher.linesMatch("nan", "inf"))
        XCTAssertTrue(OutputMatcher.linesMatch("nan", "nan"))
    }

    func testDigitsInsideWordsAreText() {
        XCTAssertFalse(OutputMatcher.linesMatch("layer1", "layer1.0000000000001"))
        XCTAssertTrue(OutputMatcher.linesMatch("x1 = 2", "x1 = 2.0000000000001"))
        XCTAssertEqual(OutputMatcher.pieces(of: "a-1"), [.text("a"), .number(-1)])
        XCTAssertEqual(OutputMatcher.pieces(of: "2-1"), [.number(2), .text("-"), .number(1)])
        XCTAssertEqual(OutputMatcher.pieces(of: "1.5e3x"), [.number(1500), .text("x")])
    }

    func testLineCountsMustAgree() {
        XCTAssertNil(OutputMatcher.firstDifference(expected: ["a", "1"], actual: ["a", "1.0"]))
        XCTAssertEqual(OutputMatcher.firstDifference(expected: ["a"], actual: ["a", "b"]), 1)
        XCTAssertEqual(OutputMatcher.firstDifference(expected: ["a", "b"], actual: ["a"]), 1)
        XCTAssertEqual(OutputMatcher.firstDifference(expected: ["x"], actual: ["y"]), 0)
    }

    func testOutputSplitsIntoLines() {
        XCTAssertEqual(OutputMatcher.lines(of: ""), [])
        XCTAssertEqual(OutputMatcher.lines(of: "a\n"), ["a"])
        XCTAssertEqual(OutputMatcher.lines(of: "a\n\n"), ["a", ""])
        XCTAssertEqual(OutputMatcher.lines(of: "a\nb"), ["a", "b"])
    }
}

final class DurationFormattingTests: XCTestCase {
    func testDurationsReadNaturally() {
        XCTAssertEqual(formatDuration(0.0123), "12 ms")
        XCTAssertEqual(formatDuration(0.84), "0.8 s")
        XCTAssertEqual(formatDuration(42.4), "42 s")
        XCTAssertEqual(formatDuration(192), "3 min 12 s")
    }
}
