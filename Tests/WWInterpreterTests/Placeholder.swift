import XCTest
final class WWInterpreterTestsPlaceholder: XCTestCase {}
