import Foundation
import WWInterpreter
import WWLibrary
import XCTest

/// The registry with the domain built-ins: the committed reference is generated from it, every
/// built-in it has is documented, and with it every standard library file loads.
final class LibraryRegistryTests: XCTestCase {
    private var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func testCommittedReferenceIsCurrent() throws {
        let committed = try String(contentsOf: root.appendingPathComponent("docs/reference.md"), encoding: .utf8)
        let generated = ReferenceDocument.markdown(for: Library.registry)
        XCTAssertEqual(committed, generated, "docs/reference.md is stale: run `make docs`")
    }

    func testEveryBuiltinHasADocAndACategory() {
        let registry = Library.registry
        let categories = Set(registry.categories.map(\.name))
        for function in registry.ordered {
            XCTAssertGreaterThan(function.doc.count, 20, "\(function.name) needs a real doc")
            XCTAssertTrue(categories.contains(function.category), "\(function.name) has unknown category \(function.category)")
            XCTAssertTrue(function.doc.hasSuffix(".") || function.doc.hasSuffix(")"), "\(function.name): doc should be sentences")
        }
    }

    func testRegistryIsSharedAndSealed() {
        XCTAssertTrue(Library.registry === Library.registry)
        XCTAssertTrue(Library.registry.isSealed)
        XCTAssertTrue(Library.registry.has("train"))
    }

    /// Every built-in a stdlib file names in its `#! needs:` lines exists, so with the domain
    /// built-ins every file loads and every documented stdlib function is defined.
    func testEveryStandardLibraryFileLoadsWithTheDomainBuiltins() throws {
        for (name, text) in StandardLibrary.embeddedSources {
            for needed in StandardLibrary.neededBuiltins(in: text) {
                XCTAssertTrue(Library.registry.has(needed), "stdlib/\(name) needs '\(needed)', which no module registers")
            }
        }
        let output = CapturedOutput()
        let interpreter = Interpreter(registry: Library.registry, output: output)
        let names = StandardLibrary.functions.map(\.name)
        XCTAssertTrue(names.contains("regulariser_sweep"))
        try interpreter.run("print(\(names.map { "type(\($0))" }.joined(separator: ", ")))", name: "t.wwn")
        XCTAssertEqual(output.text, Array(repeating: "function", count: names.count).joined(separator: " ") + "\n")
    }
}
