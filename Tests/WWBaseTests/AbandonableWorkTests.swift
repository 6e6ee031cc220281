import Foundation
import WWBase
import XCTest

/// Work that cannot poll (a LAPACK call) run so that a cancellation abandons it.
final class AbandonableWorkTests: XCTestCase {
    private struct Stop: Error, Equatable {}

    /// A flag set from the test thread and read from the waiting one.
    private final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
        func set() { lock.lock(); value = true; lock.unlock() }
    }

    func testWithoutCancellationTheWorkRunsOnTheCallingThread() throws {
        let caller = Thread.current
        let ranHere = try Cancellation.never.runAbandoning { Thread.current == caller }
        XCTAssertTrue(ranHere)
    }

    func testTheResultAndErrorsOfTheWorkComeBack() throws {
        let cancellation = Cancellation({ false }, error: { Stop() })
        XCTAssertEqual(try cancellation.runAbandoning { 6 * 7 }, 42)
        XCTAssertThrowsError(try cancellation.runAbandoning { () throws -> Int in throw CocoaError(.fileNoSuchFile) }) {
            XCTAssertEqual(($0 as? CocoaError)?.code, .fileNoSuchFile)
        }
    }

    func testAlreadyCancelledWorkDoesNotStart() {
        let started = Flag()
        XCTAssertThrowsError(try Cancellation({ true }, error: { Stop() }).runAbandoning { started.set() }) {
            XCTAssertEqual($0 as? Stop, Stop())
        }
        XCTAssertFalse(started.isSet)
    }

    /// The caller stops waiting as soon as it is cancelled; the work goes on to its end in the
    /// background, and the next piece of work waits for it.
    func testCancellingAbandonsTheWorkWhichFinishesInTheBackground() throws {
        let cancelled = Flag(), release = DispatchSemaphore(value: 0), finished = Flag()
        let cancellation = Cancellation({ cancelled.isSet }, error: { Stop() })
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { cancelled.set() }
        let start = Date()
        XCTAssertThrowsError(try cancellation.runAbandoning { () -> Int in
            release.wait()  // stands for a LAPACK call that never polls
            finished.set()
            return 1
        }) { XCTAssertEqual($0 as? Stop, Stop()) }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "the caller did not wait for the work")
        XCTAssertFalse(finished.isSet, "the abandoned work is still running")

        // The next call queues behind the abandoned one, then runs.
        let next = Cancellation({ false }, error: { Stop() })
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { release.signal() }
        XCTAssertEqual(try next.runAbandoning { finished.isSet }, true, "abandoned work ends before the next starts")
    }
}
