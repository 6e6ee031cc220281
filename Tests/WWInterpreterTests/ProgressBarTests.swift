import WWInterpreter
import XCTest

/// The time left a progress bar shows.
final class ProgressBarTests: XCTestCase {
    func testEstimatedTimeLeftScalesTheMeanTimePerUnit() {
        XCTAssertNil(TerminalProgressBar.estimatedTimeLeft(elapsed: 5, done: 0, total: 10), "nothing finished yet")
        XCTAssertNil(TerminalProgressBar.estimatedTimeLeft(elapsed: 5, done: 10, total: 10), "all finished")
        XCTAssertEqual(TerminalProgressBar.estimatedTimeLeft(elapsed: 6, done: 3, total: 10), "14s")
        XCTAssertEqual(TerminalProgressBar.estimatedTimeLeft(elapsed: 60, done: 1, total: 4), "3m00s")
        XCTAssertEqual(TerminalProgressBar.estimatedTimeLeft(elapsed: 65, done: 1, total: 2), "1m05s")
        XCTAssertEqual(TerminalProgressBar.estimatedTimeLeft(elapsed: 3_720, done: 1, total: 2), "1h02m")
        XCTAssertNil(TerminalProgressBar.estimatedTimeLeft(elapsed: .nan, done: 1, total: 2))
    }
}
