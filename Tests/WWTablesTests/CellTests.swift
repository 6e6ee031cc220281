import XCTest
@testable import WWTables

final class CellFormattingTests: XCTestCase {
    func testIntegralNumbersPrintWithoutFraction() {
        XCTAssertEqual(Cell.number(3).description, "3")
        XCTAssertEqual(Cell.number(-2).description, "-2")
        XCTAssertEqual(Cell.number(0).description, "0")
        XCTAssertEqual(Cell.number(-0.0).description, "0")
        XCTAssertEqual(Cell.number(123_456_789_012_345).description, "123456789012345")
        XCTAssertEqual(Cell.number(1_234_567).compactDescription, "1234567")
    }

    func testIntegersAtTheDisplayLimitUseFloatingForms() {
        XCTAssertEqual(Cell.number(1e15).compactDescription, "1e+15")
        XCTAssertEqual(Cell.number(1e15).description, 1e15.description)
        XCTAssertEqual(Cell.number(-1e20).compactDescription, "-1e+20")
    }

    func testFractionsUseShortestRoundTripInDescription() {
        XCTAssertEqual(Cell.number(0.1).description, "0.1")
        XCTAssertEqual(Cell.number(1e-7).description, "1e-07")
        XCTAssertEqual(Cell.number(0.123456789).description, "0.123456789")
        XCTAssertEqual(Double(Cell.number(0.1 + 0.2).description), 0.1 + 0.2)
    }

    func testCompactDescriptionKeepsSixSignificantDigits() {
        XCTAssertEqual(Cell.number(0.1).compactDescription, "0.1")
        XCTAssertEqual(Cell.number(0.123456789).compactDescription, "0.123457")
        XCTAssertEqual(Cell.number(1e-7).compactDescription, "1e-07")
        XCTAssertEqual(Cell.number(1.5e-7).compactDescription, "1.5e-07")
        XCTAssertEqual(Cell.number(-2.5).compactDescription, "-2.5")
        XCTAssertEqual(Cell.number(1234567.5).compactDescription, "1.23457e+06")
    }

    func testNonFiniteNumbers() {
        for cell in [Cell.number(.nan), .number(-.nan)] {
            XCTAssertEqual(cell.description, "nan")
            XCTAssertEqual(cell.compactDescription, "nan")
        }
        XCTAssertEqual(Cell.number(.infinity).description, "inf")
        XCTAssertEqual(Cell.number(-.infinity).compactDescription, "-inf")
    }

    func testOtherKinds() {
        XCTAssertEqual(Cell.null.description, "nil")
        XCTAssertEqual(Cell.bool(true).description, "true")
        XCTAssertEqual(Cell.bool(false).compactDescription, "false")
        XCTAssertEqual(Cell.string("a b").description, "a b")
        XCTAssertEqual(Cell.string("3").debugDescription, "\"3\"")
        XCTAssertEqual(Cell.number(3).debugDescription, "3")
    }

    func testLiterals() {
        let cells: [Cell] = [true, 3, 2.5, "x"]
        XCTAssertEqual(cells, [.bool(true), .number(3), .number(2.5), .string("x")])
    }
}

final class CellEqualityAndOrderTests: XCTestCase {
    func testNaNEqualsItselfSoItCanBeAKey() {
        XCTAssertEqual(Cell.number(.nan), Cell.number(-.nan))
        XCTAssertEqual(Set<Cell>([.number(.nan), .number(.nan), .number(-.nan)]).count, 1)
        XCTAssertEqual(Cell.number(0.0), Cell.number(-0.0))
        XCTAssertEqual(Set<Cell>([.number(0.0), .number(-0.0)]).count, 1)
    }

    func testKindsAreDistinct() {
        XCTAssertNotEqual(Cell.number(1), Cell.bool(true))
        XCTAssertNotEqual(Cell.string("1"), Cell.number(1))
        XCTAssertNotEqual(Cell.string("nil"), Cell.null)
    }

    func testTotalOrderAcrossKinds() {
        let shuffled: [Cell] = ["b", .number(.nan), 2, .null, true, "a", .number(-.infinity), false, .number(.infinity)]
        let expected: [Cell] = [.null, false, true, .number(-.infinity), 2, .number(.infinity), .number(.nan), "a", "b"]
        XCTAssertEqual(shuffled.sorted(), expected)
    }

    func testNaNIsNeitherLessNorGreaterThanNaN() {
        XCTAssertEqual(Cell.compare(.number(.nan), .number(.nan)), .orderedSame)
        XCTAssertEqual(Cell.compare(.number(.infinity), .number(.nan)), .orderedAscending)
        XCTAssertFalse(Cell.number(.nan) < Cell.number(.nan))
    }
}
