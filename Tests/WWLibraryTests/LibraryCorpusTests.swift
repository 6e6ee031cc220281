// The library corpus: `Tests/library/<feature>/*.wwn`, the cases of the domain modules'
// built-ins, run with WWLibrary's registry. The language's own cases are `Tests/language`, run by
// WWInterpreterTests with the core built-ins only. The case format is described in
// Tests/WWCorpusSupport/CorpusRunner.swift.

import WWCorpusSupport
import WWLibrary
import XCTest

final class LibraryCorpusTests: XCTestCase {
    static let corpus = CorpusRunner(directory: CorpusRunner.corpusDirectory(named: "library"), registry: Library.registry)

    /// Deleting cases by accident must be noticed.
    static let minimumCaseCount = 200

    func testEveryCaseMatchesItsExpectations() throws {
        let result = try Self.corpus.runAll()
        XCTAssertGreaterThan(result.passed + result.failed, 0, "no .wwn files under \(Self.corpus.directory.path)")
        for failure in result.failures { XCTFail(failure) }
        print("library cases: \(result.passed) passed, \(result.failed) failed")
    }

    func testCorpusIsLargeAndEveryCaseExpectsSomething() throws {
        let files = try Self.corpus.caseFiles()
        XCTAssertGreaterThanOrEqual(files.count, Self.minimumCaseCount,
                                    "the library corpus shrank to \(files.count) files; were cases deleted?")
        for problem in try Self.corpus.malformedCases() { XCTFail(problem) }
    }
}
