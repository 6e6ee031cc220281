import CSignals
import Foundation
import XCTest
import WWInterpreter
@testable import WWKernel

/// The session behind the kernel, without sockets: what each request publishes and replies.
final class KernelSessionTests: XCTestCase {
    private var published: [(type: String, content: [String: Any])] = []

    private func makeSession() -> KernelSession {
        published = []
        return KernelSession(registry: Registry.sharedCore) { [unowned self] type, content in self.published.append((type, content)) }
    }

    private func run(_ session: KernelSession, _ code: String) -> KernelSession.Outcome {
        runWithLargeStack { session.execute(code) }
    }

    func testStateLastResultAndOutputOrder() {
        let session = makeSession()
        XCTAssertEqual(run(session, "var total = 40"), .ok)
        published = []
        XCTAssertEqual(run(session, "print(\"a\")\ntotal + 1\nprint(\"b\")\ntotal + 2"), .ok)
        XCTAssertEqual(published.map(\.type), ["stream", "display_data", "stream", "execute_result"])
        XCTAssertEqual(published[0].content["text"] as? String, "a\n")
        XCTAssertEqual((published[1].content["data"] as? [String: Any])?["text/plain"] as? String, "41")
        XCTAssertEqual((published[3].content["data"] as? [String: Any])?["text/plain"] as? String, "42")
        XCTAssertEqual(published[3].content["execution_count"] as? Int, 2)
        XCTAssertEqual(session.executionCount, 2)
        published = []
        XCTAssertEqual(run(session, "_ * 2"), .ok, "the last result is `_`, as in the REPL")
        XCTAssertEqual((published.last?.content["data"] as? [String: Any])?["text/plain"] as? String, "84")
    }

    func testTablesAreHTMLAndText() {
        let session = makeSession()
        XCTAssertEqual(run(session, "table([{name: \"<b>\", n: 1}])"), .ok)
        let data = published.first { $0.type == "display_data" }?.content["data"] as? [String: Any]
        let html = data?["text/html"] as? String ?? ""
        XCTAssertTrue(html.contains("<table") && html.contains("&lt;b&gt;") && !html.contains("<b>"), html)
        XCTAssertNotNil(data?["text/plain"])
    }

    func testErrorsCarryTheDiagnosticAndTheSessionGoesOn() {
        let session = makeSession()
        guard case .error(let name, let value, let traceback) = run(session, "let a = 1\nmissing(a)") else { return XCTFail("no error") }
        XCTAssertEqual(name, "error")
        XCTAssertTrue(value.contains("missing"), value)
        XCTAssertTrue(traceback.contains { $0.contains("In[1]:2:1") } && traceback.contains("2 | missing(a)"), "\(traceback)")
        XCTAssertEqual(run(session, "let a = 2\na"), .ok, "a later cell may redeclare, as in the REPL")
        guard case .error(let syntax, _, _) = run(session, "1 +* 2") else { return XCTFail("no syntax error") }
        XCTAssertEqual(syntax, "syntax error")
    }

    func testAPendingInterruptIsForTheRunningCell() {
        let session = makeSession()
        guard case .error(let name, _, _) = runWithLargeStack({ () -> KernelSession.Outcome in
            wwn_install_interrupt_handler()
            defer { wwn_restore_interrupt_handler() }
            let outcome = DispatchQueue(label: "interrupter")
            outcome.asyncAfter(deadline: .now() + 0.3) { kill(getpid(), SIGINT) }
            return session.execute("var i = 0\nwhile true { i += 1 }")
        }) else { return XCTFail("the loop was not interrupted") }
        XCTAssertEqual(name, "interrupted")
        XCTAssertEqual(run(session, "i > 0"), .ok)
        XCTAssertEqual((published.last?.content["data"] as? [String: Any])?["text/plain"] as? String, "true")
    }

    func testHelpAndVarsCommandsAreCellOutput() {
        let session = makeSession()
        _ = run(session, "let answer = 42")
        published = []
        XCTAssertEqual(run(session, ":vars"), .ok)
        XCTAssertTrue((published.first?.content["text"] as? String)?.contains("answer") == true, "\(published)")
        XCTAssertNotNil(session.inspect("len(xs)", cursor: 2))
        XCTAssertNil(session.inspect("   ", cursor: 1))
    }

    func testCompletionUsesTheREPLsCompleterWithScalarOffsets() {
        let session = makeSession()
        XCTAssertEqual(run(session, "let grow = 1\nlet grown = 2"), .ok)
        // The cursor counts Unicode scalars: "é" is one, though two UTF-8 bytes.
        let completion = session.complete("1\n\"é\" + gro", cursor: 11)
        XCTAssertEqual(completion.matches, ["grow", "grown"])
        XCTAssertEqual(completion.start, 8)
        XCTAssertEqual(completion.end, 11)
    }

    func testCompletenessFollowsTheParsersIncompleteFlag() {
        XCTAssertEqual(KernelSession.completeness(of: "fn f(x) {"), "incomplete")
        XCTAssertEqual(KernelSession.completeness(of: "[1, 2,"), "incomplete")
        XCTAssertEqual(KernelSession.completeness(of: "1 + 1"), "complete")
        XCTAssertEqual(KernelSession.completeness(of: "?len"), "complete")
        XCTAssertEqual(KernelSession.completeness(of: ")"), "invalid")
    }

    func testKernelSpecGoesWhereJupyterLooks() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-spec-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let folder = try KernelSpec(executable: "/opt/wwn/bin/wwn").install(at: .prefix(prefix))
        XCTAssertEqual(folder, prefix + "/share/jupyter/kernels/wwn")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/kernel.json"))) as? [String: Any]
        XCTAssertEqual(json?["argv"] as? [String], ["/opt/wwn/bin/wwn", "kernel", "-f", "{connection_file}"])
        XCTAssertEqual(json?["language"] as? String, "wwn")
        XCTAssertEqual(KernelSpec.dataDirectory(for: .user, environment: ["JUPYTER_DATA_DIR": "/j"]), "/j")
        XCTAssertThrowsError(try KernelSpec(executable: "/x", name: "../evil").install(at: .prefix(prefix)))
    }
}
