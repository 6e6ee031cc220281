import XCTest
final class WWNotebookTestsPlaceholder: XCTestCase {}
