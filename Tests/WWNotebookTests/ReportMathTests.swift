import Foundation
import XCTest
@testable import WWNotebook

/// Maths in Markdown cells: MathML in index.html, `$…$` kept in report.md.
final class ReportMathTests: NotebookTestCase {
    private func html(ofMarkdown markdown: String) throws -> String {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "#" : "# \($0)" }
        let notebook = try writeNotebook("#%% md\n" + lines.joined(separator: "\n") + "\n#%% Code\nprint(1)\n")
        let result = execute(notebook, mode: .run(outputDirectory: path("out")))
        XCTAssertEqual(result.status, 0, result.standardError)
        return try read(path("out/index.html"))
    }

    func testInlineMathKeepsItsBackslashesAndBecomesMathML() throws {
        let html = try html(ofMarkdown: #"The exponent $\alpha$ of $\rho(\lambda)$."#)
        XCTAssertFalse(html.contains("$alpha$"), "Ink must not eat the backslash")
        XCTAssertTrue(html.contains(#"<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline" class="wwn-math"><semantics><mi>α</mi>"#), html)
        XCTAssertTrue(html.contains(#"<annotation encoding="application/x-tex">\alpha</annotation>"#), html)
        XCTAssertTrue(html.contains("<mi>ρ</mi><mo stretchy=\"false\">(</mo><mi>λ</mi>"), html)
    }

    func testDisplayMathWithFractionsScriptsAndLimits() throws {
        let html = try html(ofMarkdown: #"$$\hat\alpha = 1 + n \left(\sum_{i=1}^{n} \ln \frac{\lambda_i}{\lambda_{\min}}\right)^{-1}$$"#)
        XCTAssertTrue(html.contains(#"display="block""#), html)
        XCTAssertTrue(html.contains(#"<mover accent="true"><mi>α</mi><mo stretchy="false">^</mo></mover>"#), html)
        XCTAssertTrue(html.contains(#"<munderover><mo largeop="true" movablelimits="true">∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover>"#), html)
        XCTAssertTrue(html.contains("<mfrac><msub><mi>λ</mi><mi>i</mi></msub>"), html)
        XCTAssertTrue(html.contains(#"<mo fence="true" stretchy="true">(</mo>"#), html)
        XCTAssertTrue(html.contains("<mrow><mo>−</mo><mn>1</mn></mrow></msup>"), html)
    }

    func testInlineLimitsStayBesideTheOperator() {
        let mathML = TeXMathML.render(#"\sum_{i=1}^n x_i^2"#, display: false)
        XCTAssertTrue(mathML.contains("<msubsup><mo largeop=\"true\" movablelimits=\"true\">∑</mo>"), mathML)
        XCTAssertTrue(mathML.contains("<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"), mathML)
    }

    func testLetterStylesUseMathematicalAlphabets() {
        XCTAssertTrue(TeXMathML.render(#"W \in \mathbb{R}^{N \times M}"#, display: false).contains("<mi>ℝ</mi>"))
        XCTAssertTrue(TeXMathML.render(#"\mathbf{W}"#, display: false).contains("<mi>𝐖</mi>"))
        XCTAssertTrue(TeXMathML.render(#"\mathrm{d}x"#, display: false).contains(#"<mi mathvariant="normal">d</mi><mi>x</mi>"#))
        XCTAssertTrue(TeXMathML.render(#"\text{if } x > 0"#, display: false).contains("<mtext>if </mtext>"))
    }

    func testEnvironmentsBecomeTables() {
        let matrix = TeXMathML.render(#"\begin{pmatrix} a & b \\ c & d \end{pmatrix}"#, display: true)
        XCTAssertTrue(matrix.contains(#"<mo fence="true" stretchy="true">(</mo><mtable columnalign="center" displaystyle="true"><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr><mtr><mtd><mi>c</mi></mtd><mtd><mi>d</mi></mtd></mtr></mtable>"#), matrix)
        let cases = TeXMathML.render(#"|x| = \begin{cases} x & x \ge 0 \\ -x & \text{otherwise} \end{cases}"#, display: true)
        XCTAssertTrue(cases.contains(#"<mtable columnalign="left left""#), cases)
        let aligned = TeXMathML.render(#"a &= b \\ c &= d"#, display: true)
        XCTAssertTrue(aligned.contains("<mtr><mtd><mi>a</mi></mtd><mtd><mrow><mo>=</mo><mi>b</mi></mrow></mtd></mtr>"), aligned)
    }

    func testUnknownCommandsAndMarkupInMathAreEscaped() throws {
        let html = try html(ofMarkdown: #"Bad: $a < b \foo{<script>alert(1)</script>}$ end."#)
        XCTAssertFalse(html.contains("<script>"), html)
        XCTAssertTrue(html.contains(#"<merror><mtext>\foo</mtext></merror>"#), html)
        XCTAssertTrue(html.contains("<mo>&lt;</mo>"), html)
        XCTAssertTrue(html.contains(#"<annotation encoding="application/x-tex">a &lt; b \foo{&lt;script&gt;"#), html)
    }

    func testDeepNestingIsAnErrorBoxNotACrash() {
        let mathML = TeXMathML.render(String(repeating: "{", count: 100_000) + "x", display: false)
        XCTAssertTrue(mathML.contains("<merror><mtext>the formula nests deeper than \(TeXMathML.maxNestingDepth) levels</mtext></merror>"))
        XCTAssertTrue(TeXMathML.render(#"\frac{a"#, display: false).contains("<mfrac><mi>a</mi><mrow></mrow></mfrac>"), "an unclosed group ends with the formula")
        XCTAssertTrue(TeXMathML.render(#"\begin{matrix} a"#, display: false).contains("without \\end{matrix}"))
    }

    func testDollarAmountsCodeSpansAndEscapedDollarsAreNotMath() throws {
        let html = try html(ofMarkdown: #"It cost $5 and $10, `$x$` is code, and \$y\$ is text."#)
        XCTAssertFalse(html.contains("<math"), html)
        XCTAssertTrue(html.contains("It cost $5 and $10, <code>$x$</code> is code, and $y$ is text."), html)
    }

    func testMathInImageAltTextStaysTeXInsideTheAttribute() throws {
        let html = try html(ofMarkdown: #"![plot of $\alpha$](a.png)"#)
        XCTAssertTrue(html.contains(#"<img src="a.png" alt="plot of $\alpha$"/>"#), html)
    }

    func testReportMarkdownKeepsMathAsDollarsForGitHub() throws {
        let text = #"Exponent $\alpha_{\text{fit}}$ and $$\frac{1}{n}$$"#
        _ = try html(ofMarkdown: text)
        let markdown = try read(path("out/report.md"))
        XCTAssertTrue(markdown.contains(text), markdown)
    }
}
