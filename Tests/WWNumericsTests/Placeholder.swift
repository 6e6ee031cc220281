import XCTest
final class WWNumericsTestsPlaceholder: XCTestCase {}
