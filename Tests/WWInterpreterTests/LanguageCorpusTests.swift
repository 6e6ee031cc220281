// The language corpus: `Tests/language/<feature>/*.wwn`, run with the core built-ins only
// (`Registry.sharedCore`), so the language is tested without any domain module. The cases of
// the domain built-ins are `Tests/library`, run by WWLibraryTests. The case format is described
// in Tests/WWCorpusSupport/CorpusRunner.swift.

import WWCorpusSupport
import WWInterpreter
import XCTest

final class LanguageCorpusTests: XCTestCase {
    static let corpus = CorpusRunner(directory: CorpusRunner.corpusDirectory(named: "language"), registry: .sharedCore)

    /// Deleting cases by accident must be noticed.
    static let minimumCaseCount = 450

    func testEveryCaseMatchesItsExpectations() throws {
        let result = try Self.corpus.runAll()
        XCTAssertGreaterThan(result.passed + result.failed, 0, "no .wwn files under \(Self.corpus.directory.path)")
        for failure in result.failures { XCTFail(failure) }
        print("language cases: \(result.passed) passed, \(result.failed) failed")
    }

    func testCorpusIsLargeAndEveryCaseExpectsSomething() throws {
        let files = try Self.corpus.caseFiles()
        XCTAssertGreaterThanOrEqual(files.count, Self.minimumCaseCount,
                                    "the language corpus shrank to \(files.count) files; were cases deleted?")
        for problem in try Self.corpus.malformedCases() { XCTFail(problem) }
    }
}
