import XCTest
final class WWTablesTestsPlaceholder: XCTestCase {}
