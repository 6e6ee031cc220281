import XCTest
import WWBase

final class DomainErrorTests: XCTestCase {
    private struct PlainError: DomainError {
        var description: String { "column 'x' must hold numbers" }
    }

    private struct ContextualError: DomainError {
        var description: String { "no tail to fit" }
        var failureMessage: String { "layer 3: no tail to fit" }
        var failureNotes: [String] { ["its columns: alpha, D"] }
    }

    func testFailureMessageDefaultsToTheDescription() {
        XCTAssertEqual(PlainError().failureMessage, "column 'x' must hold numbers")
        let erased: DomainError = PlainError()
        XCTAssertEqual(erased.failureMessage, erased.description)
        XCTAssertEqual(erased.failureNotes, [], "no notes unless a type gives some")
    }

    /// A type's own failure message wins, also through the protocol (the interpreter's view).
    func testATypeMayAddContextAndNotesToItsFailure() {
        let erased: DomainError = ContextualError()
        XCTAssertEqual(erased.description, "no tail to fit")
        XCTAssertEqual(erased.failureMessage, "layer 3: no tail to fit")
        XCTAssertEqual(erased.failureNotes, ["its columns: alpha, D"])
    }
}
