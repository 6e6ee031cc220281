import XCTest
final class WWSyntaxTestsPlaceholder: XCTestCase {}
