import Foundation
import XCTest
import WWInterpreter
@testable import WWKernel

/// The dispatcher's replies and IOPub traffic for each message type, without sockets.
final class KernelDispatcherTests: XCTestCase {
    private var replies: [KernelMessage] = []
    private var published: [KernelMessage] = []
    private var waiting: [KernelMessage] = []
    private let shutdown = ShutdownFlag()
    private lazy var dispatcher = KernelDispatcher(registry: Registry.sharedCore, version: "9.9", shutdown: shutdown)

    private var transport: KernelDispatcher.Transport {
        KernelDispatcher.Transport(reply: { self.replies.append($0) }, publish: { self.published.append($0) },
                                   takeWaiting: { defer { self.waiting = [] }; return self.waiting })
    }

    private func request(_ type: String, _ content: [String: Any] = [:], id: String = UUID().uuidString) -> KernelMessage {
        KernelMessage(identities: [Data("client".utf8)], header: ["msg_id": id, "msg_type": type, "session": "c"], content: content)
    }

    private func send(_ message: KernelMessage) {
        runWithLargeStack { self.dispatcher.handleShell(message, transport: self.transport) }
    }

    func testExecutePublishesBusyInputOutputIdleUnderItsParent() {
        send(request("execute_request", ["code": "print(1)\n2"], id: "e1"))
        XCTAssertEqual(published.map(\.type), ["status", "execute_input", "stream", "execute_result", "status"])
        XCTAssertEqual(published.map { $0.content["execution_state"] as? String }, ["busy", nil, nil, nil, "idle"])
        XCTAssertTrue(published.allSatisfy { $0.parentHeader["msg_id"] as? String == "e1" })
        XCTAssertEqual(replies.map(\.type), ["execute_reply"])
        XCTAssertEqual(replies[0].content["status"] as? String, "ok")
        XCTAssertEqual(replies[0].content["execution_count"] as? Int, 1)
        XCTAssertEqual(replies[0].identities, [Data("client".utf8)])
    }

    func testUserExpressionsAreEvaluatedAfterTheCellWithoutOutput() {
        send(request("execute_request", ["code": "var n = 4", "user_expressions": ["twice": "n * 2", "bad": "m + 1", "loud": "print(\"x\")"]]))
        let values = replies.last?.content["user_expressions"] as? [String: Any] ?? [:]
        XCTAssertEqual(((values["twice"] as? [String: Any])?["data"] as? [String: Any])?["text/plain"] as? String, "8")
        XCTAssertEqual((values["bad"] as? [String: Any])?["status"] as? String, "error")
        XCTAssertFalse(published.contains { $0.type == "stream" }, "a user expression's output is not published")
    }

    func testSilentExecutionPublishesNothingButStatusAndDoesNotCount() {
        send(request("execute_request", ["code": "print(1)", "silent": true]))
        XCTAssertEqual(published.map(\.type), ["status", "status"])
        XCTAssertEqual(replies.first?.content["execution_count"] as? Int, 0)
    }

    func testAFailureAbortsTheExecutionsAlreadyWaitingOnly() {
        waiting = [request("execute_request", ["code": "print(\"never\")"], id: "w1"), request("kernel_info_request", id: "w2")]
        send(request("execute_request", ["code": "nope"], id: "e1"))
        XCTAssertEqual(replies.map(\.type), ["execute_reply", "execute_reply", "kernel_info_reply"])
        XCTAssertEqual(replies.map { $0.content["status"] as? String }, ["error", "aborted", "ok"])
        XCTAssertEqual(replies[0].content["ename"] as? String, "error")
        XCTAssertTrue(published.contains { $0.type == "error" && $0.parentHeader["msg_id"] as? String == "e1" })
        XCTAssertFalse(published.contains { ($0.content["text"] as? String)?.contains("never") == true })
        replies = []
        send(request("execute_request", ["code": "nope", "stop_on_error": false]))
        XCTAssertEqual(replies.count, 1)
    }

    func testKernelInfoCommInfoHistoryAndCommOpen() {
        send(request("kernel_info_request"))
        let info = replies.last?.content ?? [:]
        XCTAssertEqual(info["protocol_version"] as? String, "5.3")
        XCTAssertEqual((info["language_info"] as? [String: Any])?["name"] as? String, "wwn")
        XCTAssertEqual(info["implementation_version"] as? String, "9.9")
        send(request("comm_info_request"))
        XCTAssertEqual((replies.last?.content["comms"] as? [String: Any])?.count, 0)
        send(request("history_request", ["hist_access_type": "tail", "n": 10]))
        XCTAssertEqual(replies.last?.type, "history_reply")
        published = []
        send(request("comm_open", ["comm_id": "c1", "target_name": "jupyter.widget", "data": [String: Any]()]))
        XCTAssertTrue(published.contains { $0.type == "comm_close" && $0.content["comm_id"] as? String == "c1" })
    }

    func testCompleteInspectIsCompleteReplies() {
        send(request("execute_request", ["code": "let counter = 1"]))
        send(request("complete_request", ["code": "coun", "cursor_pos": 4]))
        XCTAssertEqual(replies.last?.content["matches"] as? [String], ["counter"])
        XCTAssertEqual(replies.last?.content["cursor_start"] as? Int, 0)
        send(request("inspect_request", ["code": "sqrt(2)", "cursor_pos": 2, "detail_level": 0]))
        XCTAssertEqual(replies.last?.content["found"] as? Bool, true)
        send(request("inspect_request", ["code": "no_such_thing", "cursor_pos": 3, "detail_level": 0]))
        XCTAssertEqual(replies.last?.content["found"] as? Bool, false)
        send(request("is_complete_request", ["code": "fn f() {"]))
        XCTAssertEqual(replies.last?.content["status"] as? String, "incomplete")
        XCTAssertNotNil(replies.last?.content["indent"])
    }

    func testShutdownOnEitherChannelStopsTheKernel() {
        dispatcher.handleControl(request("shutdown_request", ["restart": true]), transport: transport)
        XCTAssertEqual(replies.last?.type, "shutdown_reply")
        XCTAssertEqual(replies.last?.content["restart"] as? Bool, true)
        XCTAssertTrue(shutdown.isRequested)
    }
}
