import Foundation
import WWInterpreter
import WWLibrary
import XCTest

/// The registry is the single source of built-in docs: these tests keep the committed reference
/// and the embedded standard library in step with it.
final class RegistryTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        Library.install()
    }

    private var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func testCommittedReferenceIsCurrent() throws {
        let committed = try String(contentsOf: root.appendingPathComponent("docs/reference.md"), encoding: .utf8)
        let generated = ReferenceDocument.markdown(for: Registry.standard())
        XCTAssertEqual(committed, generated, "docs/reference.md is stale: run `make docs`")
    }

    func testEveryBuiltinHasADocAndACategory() {
        let registry = Registry.standard()
        let categories = Set(registry.categories.map(\.name))
        for function in registry.ordered {
            XCTAssertGreaterThan(function.doc.count, 20, "\(function.name) needs a real doc")
            XCTAssertTrue(categories.contains(function.category), "\(function.name) has unknown category \(function.category)")
            XCTAssertTrue(function.doc.hasSuffix(".") || function.doc.hasSuffix(")"), "\(function.name): doc should be sentences")
        }
    }

    func testSignaturesShowDefaultsAndVariadics() {
        let registry = Registry.standard()
        XCTAssertEqual(registry.functions["sort"]?.signature, "sort(items, by = nil, descending = false) -> value")
        XCTAssertEqual(registry.functions["print"]?.signature, "print(values...) -> nil")
        XCTAssertEqual(registry.method("push", of: "list")?.name, "push")
        XCTAssertNil(registry.functions["push"], "push is a method only")
    }

    func testEmbeddedStandardLibraryMatchesStdlibFolder() throws {
        let folder = root.appendingPathComponent("stdlib")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".wwn") }.sorted()
        let embedded = StandardLibrary.embeddedSources
        XCTAssertEqual(embedded.map(\.0), files, "run tools/embed-stdlib.sh (make does it)")
        for (name, text) in embedded {
            let onDisk = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertEqual(text + "\n", onDisk, "stdlib/\(name) changed: run tools/embed-stdlib.sh")
        }
    }

    /// The stdlib loads into every interpreter, also one without the domain built-ins (WWLibrary):
    /// a stdlib function that calls one of those by name stops it loading at all.
    func testStandardLibraryLoadsWithoutTheDomainBuiltins() throws {
        let saved = Registry.extensions
        Registry.extensions = []
        defer { Registry.extensions = saved }
        let output = CapturedOutput()
        try Interpreter(output: output).run("print(type(paradox_report), type(describe))", name: "t.wwn")
        XCTAssertEqual(output.text, "function function\n")
    }

    func testStandardLibraryFunctionsAreDocumentedAndCallable() throws {
        XCTAssertFalse(StandardLibrary.functions.isEmpty)
        for function in StandardLibrary.functions {
            XCTAssertGreaterThan(function.doc.count, 20, "stdlib \(function.name) needs a ## doc block")
        }
        let output = CapturedOutput()
        let interpreter = Interpreter(output: output)
        try interpreter.run("linspace(0, 1, 3)\ncumsum([1, 2, 3])\nargmin([3, 1, 2])", name: "t.wwn")
        XCTAssertEqual(output.text, "[0, 0.5, 1]\n[1, 3, 6]\n1\n")
    }
}
