import XCTest
import WWBase

final class CancellationTests: XCTestCase {
    private struct Stop: Error, Equatable {}

    func testNeverIsNeverCancelled() {
        XCTAssertFalse(Cancellation.never.isCancelled)
        XCTAssertNoThrow(try Cancellation.never.checkCancelled())
    }

    /// The check is asked on every poll, and polling does not consume the request.
    func testIsCancelledAsksTheCheckEachTime() {
        var requested = false
        var polls = 0
        let cancellation = Cancellation { polls += 1; return requested }
        XCTAssertFalse(cancellation.isCancelled)
        requested = true
        XCTAssertTrue(cancellation.isCancelled)
        XCTAssertTrue(cancellation.isCancelled)
        XCTAssertEqual(polls, 3)
    }

    func testCheckCancelledThrowsTheCancellationsOwnError() {
        var requested = false
        let cancellation = Cancellation({ requested }, error: { Stop() })
        XCTAssertNoThrow(try cancellation.checkCancelled())
        requested = true
        XCTAssertThrowsError(try cancellation.checkCancelled()) { XCTAssertEqual($0 as? Stop, Stop()) }
    }

    func testWithoutAnErrorItThrowsOperationCancelled() {
        XCTAssertThrowsError(try Cancellation { true }.checkCancelled()) { error in
            XCTAssertTrue(error is OperationCancelled)
            XCTAssertEqual("\(error)", "cancelled")
        }
    }
}
