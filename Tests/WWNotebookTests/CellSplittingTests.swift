import XCTest
@testable import WWNotebook

final class CellSplittingTests: XCTestCase {
    func testCodeBeforeTheFirstMarkerIsAnUntitledFirstCell() {
        let notebook = Notebook(path: "nb.wwn", text: """
            let a = 1
            #%% Second
            let b = 2
            """)
        XCTAssertEqual(notebook.cells.count, 2)
        XCTAssertEqual(notebook.cells[0].kind, .code)
        XCTAssertNil(notebook.cells[0].title)
        XCTAssertNil(notebook.cells[0].markerLine)
        XCTAssertEqual(notebook.cells[0].source, "let a = 1")
        XCTAssertEqual(notebook.cells[0].displayTitle, "Cell 1")
        XCTAssertEqual(notebook.cells[1].title, "Second")
        XCTAssertEqual(notebook.cells[1].markerLine, 2)
        XCTAssertEqual(notebook.cells[1].source, "let b = 2")
        XCTAssertEqual(notebook.cells[1].sourceFirstLine, 3)
    }

    func testBlankLinesBeforeTheFirstMarkerMakeNoCell() {
        let notebook = Notebook(path: "nb.wwn", text: "\n  \n#%% Only\nlet a = 1\n")
        XCTAssertEqual(notebook.cells.map(\.title), ["Only"])
        XCTAssertEqual(notebook.cells[0].index, 1)
    }

    func testTitlesAndMarkdownCells() {
        let notebook = Notebook(path: "nb.wwn", text: """
            #%% md
            # # Heading
            # Some *text*.
            #
            #    indented code
            #no space

            #%%   Data and baseline \u{20}
            let x = 1

            #%%
            x
            """)
        XCTAssertEqual(notebook.cells.count, 3)
        let markdown = notebook.cells[0]
        XCTAssertEqual(markdown.kind, .markdown)
        XCTAssertNil(markdown.title)
        XCTAssertEqual(markdown.markdown, "# Heading\nSome *text*.\n\n   indented code\nno space")
        XCTAssertNil(markdown.firstCodeLineInMarkdown)
        XCTAssertEqual(notebook.cells[1].title, "Data and baseline")
        XCTAssertEqual(notebook.cells[1].lines, 8..<11)
        XCTAssertEqual(notebook.cells[2].title, nil)
        XCTAssertEqual(notebook.cells[2].label, "[3] Cell 3")
    }

    func testMarkdownCellWithATitle() {
        let notebook = Notebook(path: "nb.wwn", text: "#%% md Introduction\n# Hello\n")
        XCTAssertEqual(notebook.cells[0].kind, .markdown)
        XCTAssertEqual(notebook.cells[0].title, "Introduction")
        XCTAssertEqual(notebook.cells[0].markdown, "Hello")
    }

    func testOnlyAMarkerAtTheStartOfALineFollowedBySpaceCounts() {
        let notebook = Notebook(path: "nb.wwn", text: """
            #%% One
            #%%% not a marker
            #%%x not either
              #%% indented, not either
            let a = 1
            #%%mdx
            """)
        XCTAssertEqual(notebook.cells.count, 1)
        XCTAssertEqual(notebook.cells[0].lines, 1..<7)
    }

    func testMarkdownKeywordMustBeAWord() {
        let notebook = Notebook(path: "nb.wwn", text: "#%% mdfoo\nlet a = 1\n#%% md\n# text\n")
        XCTAssertEqual(notebook.cells.map(\.kind), [.code, .markdown])
        XCTAssertEqual(notebook.cells[0].title, "mdfoo")
    }

    func testCodeInAMarkdownCellIsRecorded() {
        let notebook = Notebook(path: "nb.wwn", text: "#%% md\n# text\nlet a = 1\n")
        XCTAssertEqual(notebook.cells[0].firstCodeLineInMarkdown, 3)
    }

    func testCellSourceFileKeepsLineAndColumnNumbers() {
        let text = "let a = 1\n#%% Two\n  let b = a + 1\n#%% Three\nb\n"
        let notebook = Notebook(path: "nb.wwn", text: text)
        let file = notebook.sourceFile(for: notebook.cells[1])
        XCTAssertEqual(file.name, "nb.wwn")
        XCTAssertEqual(file.lineCount, Notebook(path: "x", text: text).sourceFile.lineCount)
        XCTAssertEqual(file.line(1), "")
        XCTAssertEqual(file.line(2), "#%% Two")
        XCTAssertEqual(file.line(3), "  let b = a + 1")
        XCTAssertEqual(file.line(5), "")
    }

    func testWindowsLineEndingsAreNotPartOfTitlesOrMarkdown() {
        let notebook = Notebook(path: "nb.wwn", text: "#%% md\r\n# Hello\r\n#%% Code\r\nlet a = 1\r\n")
        XCTAssertEqual(notebook.cells[0].markdown, "Hello")
        XCTAssertEqual(notebook.cells[1].title, "Code")
        XCTAssertEqual(notebook.cells[1].source, "let a = 1")
    }

    func testNameIsTheFileStem() {
        XCTAssertEqual(Notebook(path: "notebooks/quickstart.wwn", text: "").name, "quickstart")
        XCTAssertTrue(Notebook(path: "empty.wwn", text: "").cells.isEmpty)
    }
}
