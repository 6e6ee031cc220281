import Foundation
import WWNumerics
@testable import WWNeural
import XCTest

/// The thread pool behind `Parallel.forEachPart` runs every part exactly once, whichever way
/// its workers are: spinning between back-to-back calls, asleep after a gap between calls, or
/// resting while busy threads keep them waiting for cores (the caller then runs every part).
/// Whether they rest is decided by timing, so the test checks the parts, not the decision.
final class ParallelPoolTests: XCTestCase {
    func testEveryPartRunsOnceWhetherWorkersSpinSleepOrRest() throws {
        let threads = BLASEnvironment.threadCount
        defer { try? BLASEnvironment.setThreadCount(threads) }
        try BLASEnvironment.setThreadCount(2)
        let calls = 1000, parts = Parallel.parts
        let rests = Parallel.workerRests
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: calls * parts)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: calls * parts)
        // Busy threads during the second half, two per core, so the workers wait for cores.
        let competition = Competition()
        defer { competition.stop() }
        for call in 0..<calls {
            if call == calls / 2 { competition.start(threads: 2 * ProcessInfo.processInfo.activeProcessorCount) }
            Parallel.forEachPart { part in
                // 50 µs parts, so each half spans several looks at the workers (50 ms each)
                // and the workers are busy, not asleep, while the busy threads compete.
                let end = DispatchTime.now().uptimeNanoseconds + 50_000
                while DispatchTime.now().uptimeNanoseconds < end {}
                counts[call * parts + part] += 1
            }
            // Now and then a gap longer than the workers' spin, so they go to sleep.
            if call % 100 == 0 { usleep(2000) }
        }
        competition.stop()
        // Whether the workers rested is the timed trial's choice (resting must measure faster),
        // which depends on the machine's load: asserted, it failed once in a CI run beside a
        // long benchmark. Reported instead; the parts' count below is the invariant.
        print("worker rests during the busy half: \(Parallel.workerRests - rests)")
        let wrong = (0..<calls * parts).filter { counts[$0] != 1 }
        XCTAssertEqual(wrong.count, 0, "parts run other than once: \(wrong.prefix(5).map { ($0 / parts, $0 % parts, counts[$0]) })")
    }
}

/// Threads that keep cores busy until stopped.
private final class Competition {
    private let lock = NSLock()
    private var running = false

    func start(threads: Int) {
        lock.withLock { running = true }
        for _ in 0..<threads {
            Thread { [self] in
                var x = 1.0
                while lock.withLock({ running }) {
                    for _ in 0..<10_000 { x = x * 1.000001 + 1e-9 }
                }
                _ = x
            }.start()
        }
    }

    func stop() { lock.withLock { running = false } }
}
