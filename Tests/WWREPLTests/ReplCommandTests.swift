import WWREPL
import XCTest

final class ReplCommandTests: XCTestCase {
    func testCodeIsNotACommand() {
        XCTAssertNil(ReplCommand.parse("let x = 1"))
        XCTAssertNil(ReplCommand.parse("  {a: 1}"))
    }

    func testCommandsAndTheirArguments() {
        XCTAssertEqual(ReplCommand.parse("?print"), .help(topic: "print"))
        XCTAssertEqual(ReplCommand.parse("? "), .help(topic: nil))
        XCTAssertEqual(ReplCommand.parse(":help"), .help(topic: nil))
        XCTAssertEqual(ReplCommand.parse(":help sort"), .help(topic: "sort"))
        XCTAssertEqual(ReplCommand.parse(":load \"my study.wwn\""), .load(path: "my study.wwn"))
        XCTAssertEqual(ReplCommand.parse(":vars"), .vars)
        XCTAssertEqual(ReplCommand.parse(":time sum(0..<10)\n"), .time(code: "sum(0..<10)"))
        XCTAssertEqual(ReplCommand.parse(":q"), .quit)
        XCTAssertEqual(ReplCommand.parse(":exit"), .quit)
    }

    func testMistakesSayWhatIsWrong() {
        guard case .invalid(let unknown)? = ReplCommand.parse(":hlp") else { return XCTFail("expected an error") }
        XCTAssertTrue(unknown.contains("did you mean ':help'?"), unknown)
        guard case .invalid(let missing)? = ReplCommand.parse(":load") else { return XCTFail("expected an error") }
        XCTAssertTrue(missing.contains("needs a file name"), missing)
        guard case .invalid(let noCode)? = ReplCommand.parse(":time  ") else { return XCTFail("expected an error") }
        XCTAssertTrue(noCode.contains("needs code"), noCode)
    }
}
