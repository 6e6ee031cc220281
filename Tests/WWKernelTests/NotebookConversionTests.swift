import Foundation
import XCTest
import WWNotebook

/// `wwn convert`: .wwn to .ipynb and back keeps cells, titles, Markdown and parameters.
final class NotebookConversionTests: XCTestCase {
    private static let notebooksDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("notebooks")

    private func roundTrip(_ text: String, name: String = "nb.wwn") throws -> (JupyterDocument, String) {
        let document = NotebookExport.jupyter(Notebook(path: name, text: text))
        let reread = try JupyterDocument.parse(document.encoded(), name: "nb.ipynb")
        return (reread, try NotebookImport.wwn(reread, name: "nb.ipynb"))
    }

    /// Every notebook of the repository comes back with the same cells (and the same bytes),
    /// and a second trip gives the same .ipynb bytes.
    func testRepositoryNotebooksSurviveTheRoundTrip() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.notebooksDirectory.path).filter { $0.hasSuffix(".wwn") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 5)
        for file in files {
            let text = try String(contentsOf: Self.notebooksDirectory.appendingPathComponent(file), encoding: .utf8)
            let original = Notebook(path: file, text: text)
            let (document, back) = try roundTrip(text, name: file)
            let returned = Notebook(path: file, text: back)
            XCTAssertEqual(returned.cells.map(\.kind), original.cells.map(\.kind), file)
            XCTAssertEqual(returned.cells.map(\.title), original.cells.map(\.title), file)
            XCTAssertEqual(returned.cells.map(\.markdown), original.cells.map(\.markdown), file)
            XCTAssertEqual(returned.cells.filter { $0.kind == .code }.map(\.source).map(Self.sortedLines),
                           original.cells.filter { $0.kind == .code }.map(\.source).map(Self.sortedLines), file)
            XCTAssertEqual(NotebookExport.jupyter(returned).encoded(), document.encoded(), "\(file): a second trip changed the .ipynb")
            // The repository's notebooks are written in the form conversion writes (param lines
            // first in their cell, one blank line between cells), so they come back byte for byte.
            XCTAssertEqual(back, text, "\(file) changed on the way back")
        }
    }

    /// The parameters cell gathers the `param` lines (so a cell's lines may change order:
    /// compare them as sets of lines).
    private static func sortedLines(_ text: String) -> [String] { text.components(separatedBy: "\n").sorted() }

    func testParamLinesBecomeTheParametersCellAndTheRestFollows() throws {
        let text = """
            #%% md Title
            # Some *Markdown*.
            #
            # - a list

            #%% Setup
            let before = 1
            # how fast
            param fast = false
            param sizes = [1,
                           2]
            let width = if fast { 8 } else { 64 }

            #%% Later
            param other = 3
            print(width)
            """
        let document = NotebookExport.jupyter(Notebook(path: "nb.wwn", text: text))
        XCTAssertEqual(document.cells.map(\.kind), [.markdown, .code, .code, .code])
        XCTAssertEqual(document.cells[0].source, "Some *Markdown*.\n\n- a list")
        XCTAssertEqual(document.cells[1].tags, ["parameters"])
        XCTAssertEqual(document.cells[1].source, "# how fast\nparam fast = false\nparam sizes = [1,\n               2]")
        XCTAssertEqual(document.cells[2].source, "let before = 1\nlet width = if fast { 8 } else { 64 }")
        XCTAssertEqual(document.cells[3].tags, [], "only the first cell with params is tagged")
        XCTAssertEqual(document.language, "wwn")
        let back = try NotebookImport.wwn(document, name: "nb.ipynb")
        XCTAssertTrue(back.hasPrefix("#%% md Title\n# Some *Markdown*.\n#\n# - a list\n\n#%% Setup\n# how fast\nparam fast = false\n"), back)
        XCTAssertEqual(Notebook(path: "b.wwn", text: back).cells.count, 3)
    }

    func testPapermillsInjectedValuesReplaceTheDefaults() throws {
        var document = NotebookExport.jupyter(Notebook(path: "nb.wwn", text: "#%% P\nparam n = 2\nparam name = \"a\"\nlet x = n\n\n#%%\nprint(x)\n"))
        let injected = JupyterDocument.Cell(kind: .code, source: "# Parameters\nparam n = 7\nextra = \"new\"\n",
                                            metadata: ["tags": ["injected-parameters"]])
        document.cells.insert(injected, at: 1)
        let back = try NotebookImport.wwn(document, name: "out.ipynb")
        XCTAssertEqual(back, "#%% P\nparam n = 7\nparam name = \"a\"\nparam extra = \"new\"\nlet x = n\n\n#%%\nprint(x)\n")
        // Without a parameters cell the values become one, first.
        let plain = JupyterDocument(cells: [JupyterDocument.Cell(kind: .code, source: "param fast = true", metadata: ["tags": ["injected-parameters"]]),
                                            JupyterDocument.Cell(kind: .code, source: "1")], metadata: [:])
        XCTAssertEqual(try NotebookImport.wwn(plain, name: "x.ipynb"), "#%% Parameters\nparam fast = true\n\n#%%\n1\n")
    }

    func testNotebooksWwnCannotTakeAreRefusedWithTheirName() throws {
        let python = JupyterDocument(cells: [], metadata: ["kernelspec": ["language": "python", "name": "python3"]])
        XCTAssertThrowsError(try NotebookImport.wwn(python, name: "py.ipynb")) { XCTAssertTrue("\($0)".contains("'py.ipynb' is a python notebook"), "\($0)") }
        let marker = JupyterDocument(cells: [JupyterDocument.Cell(kind: .code, source: "1\n#%% oops\n2")], metadata: [:])
        XCTAssertThrowsError(try NotebookImport.wwn(marker, name: "m.ipynb")) { XCTAssertTrue("\($0)".contains("cell 1 of 'm.ipynb'"), "\($0)") }
        XCTAssertThrowsError(try JupyterDocument.parse(Data(#"{"nbformat": 3, "worksheets": []}"#.utf8), name: "old.ipynb")) {
            XCTAssertTrue("\($0)".contains("nbformat 4"), "\($0)")
        }
        XCTAssertThrowsError(try JupyterDocument.parse(Data("not json".utf8), name: "bad.ipynb")) { XCTAssertTrue("\($0)".contains("'bad.ipynb'"), "\($0)") }
        XCTAssertThrowsError(try JupyterDocument.parse(Data(#"{"nbformat": 4, "cells": [{"cell_type": "widget", "source": ""}]}"#.utf8), name: "w.ipynb"))
    }

    /// Sources as nbformat writes them (lists of lines) and as one string both read.
    func testSourceMayBeAListOfLinesOrOneString() throws {
        let json = ##"{"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [{"cell_type": "code", "source": ["let a = 1\n", "a"], "metadata": {}, "outputs": [{"output_type": "stream", "name": "stdout", "text": "x"}]}, {"cell_type": "markdown", "source": "# Head", "metadata": {}}]}"##
        let document = try JupyterDocument.parse(Data(json.utf8), name: "n.ipynb")
        XCTAssertEqual(try NotebookImport.wwn(document, name: "n.ipynb"), "#%%\nlet a = 1\na\n\n#%% md\n# # Head\n")
    }
}
