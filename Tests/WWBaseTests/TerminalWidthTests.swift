import Foundation
import XCTest
@testable import WWBase

final class TerminalWidthTests: XCTestCase {
    override func tearDown() {
        unsetenv("COLUMNS")
    }

    func testCOLUMNSWinsAndIsKeptAboveTheMinimum() {
        setenv("COLUMNS", "93", 1)
        XCTAssertEqual(TerminalWidth.current(), 93)
        setenv("COLUMNS", "3", 1)
        XCTAssertEqual(TerminalWidth.current(), TerminalWidth.minimum)
    }

    func testWithoutCOLUMNSAPipeHasNoWidth() throws {
        unsetenv("COLUMNS")
        try XCTSkipIf(isatty(STDOUT_FILENO) != 0, "standard output is a terminal here")
        XCTAssertNil(TerminalWidth.current())
    }
}
