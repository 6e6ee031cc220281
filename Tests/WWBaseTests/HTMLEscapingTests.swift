import XCTest
import WWBase

final class HTMLEscapingTests: XCTestCase {
    func testEscapesTheFiveSpecialCharacters() {
        XCTAssertEqual("&<>\"'".htmlEscaped, "&amp;&lt;&gt;&quot;&#39;")
        XCTAssertEqual("<script>alert('x & y')</script>".htmlEscaped,
                       "&lt;script&gt;alert(&#39;x &amp; y&#39;)&lt;/script&gt;")
        XCTAssertEqual("a=\"1\"".htmlEscaped, "a=&quot;1&quot;")
    }

    /// An entity already escaped is escaped again: the text shows exactly as written.
    func testEscapesAmpersandsOfExistingEntities() {
        XCTAssertEqual("&amp;".htmlEscaped, "&amp;amp;")
    }

    func testLeavesOtherTextAndNonASCIIUnchanged() {
        XCTAssertEqual("".htmlEscaped, "")
        XCTAssertEqual("plain text, 42 % / \\ ` = ;".htmlEscaped, "plain text, 42 % / \\ ` = ;")
        XCTAssertEqual("Größe Δα 日本語 🙂 e\u{301}".htmlEscaped, "Größe Δα 日本語 🙂 e\u{301}")
    }

    /// `<` followed by a combining mark is one Character but still escaped (scalars, not characters).
    func testEscapesASpecialScalarInsideACombinedCharacter() {
        let text = "<\u{338}"  // "≮" written as two scalars
        XCTAssertEqual(text.count, 1)
        XCTAssertEqual(text.htmlEscaped, "&lt;\u{338}")
        XCTAssertEqual("\"\u{301}".htmlEscaped, "&quot;\u{301}")
    }
}
