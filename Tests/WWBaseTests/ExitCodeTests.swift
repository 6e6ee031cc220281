#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import XCTest
import WWBase

/// The table as README.md documents it ("Exit codes"), so code and documentation cannot drift:
/// 0 success · 64 bad usage · 65 syntax or resolution error · 66 missing input · 70 runtime
/// error · 73 an output file that must not be replaced · 74 an output that cannot be written ·
/// 130 interrupted; and 1 for a `wwn check` expectation that did not match.
final class ExitCodeTests: XCTestCase {
    func testValuesMatchTheDocumentedTable() {
        XCTAssertEqual(ExitCode.success, 0)
        XCTAssertEqual(ExitCode.expectationFailed, 1)
        XCTAssertEqual(ExitCode.usage, 64)
        XCTAssertEqual(ExitCode.dataError, 65)
        XCTAssertEqual(ExitCode.noInput, 66)
        XCTAssertEqual(ExitCode.software, 70)
        XCTAssertEqual(ExitCode.cannotCreate, 73)
        XCTAssertEqual(ExitCode.ioError, 74)
        XCTAssertEqual(ExitCode.interrupted, 130)
    }

    /// BSD sysexits for the failures, and 128 + SIGINT as a shell reports Ctrl-C.
    func testFailuresFollowSysexitsAndTheShellsSignalConvention() {
        XCTAssertEqual(ExitCode.interrupted, 128 + SIGINT)
        let codes = [ExitCode.success, ExitCode.expectationFailed, ExitCode.usage, ExitCode.dataError, ExitCode.noInput,
                     ExitCode.software, ExitCode.cannotCreate, ExitCode.ioError, ExitCode.interrupted]
        XCTAssertEqual(Set(codes).count, codes.count, "every outcome has its own code")
    }
}
