import Foundation
import WWBase
import WWInterpreter
import WWSyntax
import XCTest

/// The registry is the single source of built-in docs: these tests keep the core built-ins'
/// docs and the embedded standard library in step with it. The committed reference, which
/// covers the domain built-ins too, is checked by WWLibraryTests' LibraryRegistryTests.
final class RegistryTests: XCTestCase {
    private var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func testEveryBuiltinHasADocAndACategory() {
        let registry = Registry.core()
        let categories = Set(registry.categories.map(\.name))
        for function in registry.ordered {
            XCTAssertGreaterThan(function.doc.count, 20, "\(function.name) needs a real doc")
            XCTAssertTrue(categories.contains(function.category), "\(function.name) has unknown category \(function.category)")
            XCTAssertTrue(function.doc.hasSuffix(".") || function.doc.hasSuffix(")"), "\(function.name): doc should be sentences")
        }
    }

    func testSignaturesShowDefaultsAndVariadics() {
        let registry = Registry.core()
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
    /// a file that calls those is left out (it names them in `#! needs:` lines), and every other
    /// file must load (a stdlib function calling a domain built-in not named there stops the
    /// interpreter from starting at all).
    func testStandardLibraryLoadsWithoutTheDomainBuiltins() throws {
        let output = CapturedOutput()
        try Interpreter(registry: .sharedCore, output: output).run("print(type(paradox_report), type(describe))", name: "t.wwn")
        XCTAssertEqual(output.text, "function function\n")
        XCTAssertThrowsError(try Interpreter(registry: .sharedCore, output: output).run("regulariser_sweep", name: "t.wwn"),
                             "stdlib/study.wwn needs domain built-ins the core registry lacks")
    }

    func testStandardLibraryFileIsLoadedExactlyWhenTheRegistryHasTheBuiltinsItNeeds() throws {
        let registry = Registry.core()
        registry.define("train(x) -> nil", category: "Core", doc: "A stand-in for the domain built-in of that name.") { _ in .nil }
        let study = try XCTUnwrap(StandardLibrary.embeddedSources.first { $0.0 == "study.wwn" })
        XCTAssertTrue(StandardLibrary.neededBuiltins(in: study.1).contains("train"))
        XCTAssertThrowsError(try Interpreter(registry: registry, output: CapturedOutput()).run("regulariser_sweep", name: "t.wwn"),
                             "one needed built-in of many is not enough")
    }

    /// A binding that reads a parameter its signature lacks gets a located internal error naming
    /// the built-in and the name, never a crash; a domain error escaping a body is translated once.
    func testNamedReadsOfUndeclaredParametersAndDomainErrors() throws {
        struct Refusal: DomainError { var description: String { "the file 'x.bin' is truncated" } }
        let registry = Registry.core()
        registry.define("misread(epochs = 1) -> number", category: "Core", doc: "Reads a name it does not declare.") { call in
            .number(Double(try call.integer("epoch")))
        }
        registry.define("refuse() -> nil", category: "Core", doc: "Throws a domain error.") { _ in throw Refusal() }
        for (program, message) in [
            ("misread()", "misread: internal error: the binding reads an argument 'epoch' that the signature misread(epochs = 1) -> number does not declare"),
            ("refuse()", "refuse: the file 'x.bin' is truncated"),
        ] {
            XCTAssertThrowsError(try Interpreter(registry: registry, output: CapturedOutput()).run(program, name: "t.wwn")) { error in
                let diagnostic = error as? Diagnostic
                XCTAssertEqual(diagnostic?.message, message)
                XCTAssertEqual(diagnostic?.location?.line, 1, "located at the call")
            }
        }
    }

    func testSharedCoreRegistryIsSealed() {
        XCTAssertTrue(Registry.sharedCore.isSealed)
        XCTAssertFalse(Registry.core().isSealed)
        XCTAssertTrue(Registry.sharedCore.has("print"))
        XCTAssertFalse(Registry.sharedCore.has("train"), "the core registry has no domain built-ins")
    }

    func testStandardLibraryFunctionsAreDocumentedAndCallable() throws {
        XCTAssertFalse(StandardLibrary.functions.isEmpty)
        for function in StandardLibrary.functions {
            XCTAssertGreaterThan(function.doc.count, 20, "stdlib \(function.name) needs a ## doc block")
        }
        let output = CapturedOutput()
        let interpreter = Interpreter(registry: .sharedCore, output: output)
        try interpreter.run("linspace(0, 1, 3)\ncumsum([1, 2, 3])\nargmin([3, 1, 2])", name: "t.wwn")
        XCTAssertEqual(output.text, "[0, 0.5, 1]\n[1, 3, 6]\n1\n")
    }
}
