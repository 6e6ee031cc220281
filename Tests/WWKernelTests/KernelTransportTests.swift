import Foundation
import XCTest
@testable import WWKernel

/// The built kernel over real ZeroMQ sockets, with a client written here (no Python): signed
/// requests are answered with signed replies, output arrives on IOPub, a forged request is
/// dropped without harm, and shutdown ends the process with status 0.
final class KernelTransportTests: XCTestCase {
    private static let key = "a-test-key"
    private let signer = MessageSigner(key: KernelTransportTests.key)
    private let factory = MessageFactory(session: "test-client")
    /// How long a reply may take (a debug build starts the interpreter first).
    private static let replyTimeout = 30

    private func freePortBase() -> Int { Int.random(in: 20_000...60_000) }

    private func receive(_ socket: ZeroMQSocket, milliseconds: Int = replyTimeout * 1000) throws -> KernelMessage? {
        guard try socket.waitForInput(milliseconds: milliseconds), let frames = try socket.receive() else { return nil }
        return try KernelMessage(WireMessage(frames: frames, verifiedWith: signer))
    }

    /// IOPub messages until one of `type` for `parent` arrives.
    private func published(_ type: String, parent: String, on socket: ZeroMQSocket) throws -> KernelMessage? {
        while let message = try receive(socket) {
            if message.type == type, message.parentHeader["msg_id"] as? String == parent { return message }
        }
        return nil
    }

    private func request(_ type: String, _ content: [String: Any] = [:]) -> KernelMessage {
        factory.message(type, content: content, parent: nil)
    }

    func testSignedRequestsRepliesAndIOPubOverZeroMQ() throws {
        let base = freePortBase()
        let info = ConnectionInfo(transport: "tcp", ip: "127.0.0.1", shellPort: base, controlPort: base + 1, iopubPort: base + 2,
                                  stdinPort: base + 3, heartbeatPort: base + 4, key: Self.key, signatureScheme: ConnectionInfo.supportedScheme)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-connection-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONSerialization.data(withJSONObject: ["shell_port": base, "control_port": base + 1, "iopub_port": base + 2, "stdin_port": base + 3,
                                                    "hb_port": base + 4, "ip": "127.0.0.1", "key": Self.key, "transport": "tcp",
                                                    "signature_scheme": "hmac-sha256"]).write(to: file)
        let kernel = Process()
        kernel.executableURL = ProcessRun.binary
        kernel.arguments = ["kernel", "-f", file.path]
        kernel.standardOutput = FileHandle.nullDevice
        kernel.standardError = FileHandle.nullDevice
        try kernel.run()
        defer { if kernel.isRunning { kernel.terminate() } }

        let context = try ZeroMQContext()
        let shell = try ZeroMQSocket(context: context, kind: .dealer)
        let control = try ZeroMQSocket(context: context, kind: .dealer)
        let iopub = try ZeroMQSocket(context: context, kind: .subscriber)
        let heartbeat = try ZeroMQSocket(context: context, kind: .dealer)
        iopub.subscribe("")
        try shell.connect(info.endpoint(port: info.shellPort))
        try control.connect(info.endpoint(port: info.controlPort))
        try iopub.connect(info.endpoint(port: info.iopubPort))
        try heartbeat.connect(info.endpoint(port: info.heartbeatPort))
        defer {
            for socket in [shell, control, iopub, heartbeat] { socket.close() }
            context.terminate()
        }

        // kernel_info until its status messages arrive on IOPub, as jupyter_client waits for a
        // kernel: a subscription made before the kernel listened takes a reconnect to start.
        var iopubLive = false
        for _ in 0..<Self.replyTimeout where !iopubLive {
            let infoRequest = request("kernel_info_request")
            try shell.send(infoRequest.wire.frames(signedWith: signer))
            let infoReply = try XCTUnwrap(try receive(shell), "no kernel_info_reply")
            XCTAssertEqual(infoReply.type, "kernel_info_reply")
            XCTAssertEqual(infoReply.parentHeader["msg_id"] as? String, infoRequest.header["msg_id"] as? String)
            XCTAssertEqual(infoReply.content["protocol_version"] as? String, "5.3")
            iopubLive = try receive(iopub, milliseconds: 1000) != nil
        }
        XCTAssertTrue(iopubLive, "nothing arrived on IOPub")

        // Heartbeat: a REP echo (a DEALER talks to it with the empty delimiter frame).
        try heartbeat.send([Data(), Data("ping".utf8)])
        XCTAssertTrue(try heartbeat.waitForInput(milliseconds: Self.replyTimeout * 1000))
        XCTAssertEqual(try heartbeat.receive(), [Data(), Data("ping".utf8)])

        // A forged request (signed with another key) is dropped; the next one is answered.
        let forged = request("execute_request", ["code": "print(\"forged\")"])
        try shell.send(forged.wire.frames(signedWith: MessageSigner(key: "wrong")))
        let execute = request("execute_request", ["code": "let x = 20\nx + 1", "silent": false])
        try shell.send(execute.wire.frames(signedWith: signer))
        let reply = try XCTUnwrap(try receive(shell), "no execute_reply")
        XCTAssertEqual(reply.parentHeader["msg_id"] as? String, execute.header["msg_id"] as? String, "the forged request got a reply")
        XCTAssertEqual(reply.content["status"] as? String, "ok")
        XCTAssertEqual(reply.content["execution_count"] as? Int, 1)
        let result = try XCTUnwrap(try published("execute_result", parent: execute.header["msg_id"] as? String ?? "", on: iopub))
        XCTAssertEqual((result.content["data"] as? [String: Any])?["text/plain"] as? String, "21")

        // Shutdown on the control channel: a reply, then the process ends by itself with 0.
        try control.send(request("shutdown_request", ["restart": false]).wire.frames(signedWith: signer))
        XCTAssertEqual(try receive(control)?.type, "shutdown_reply")
        let deadline = Date().addingTimeInterval(10)
        while kernel.isRunning, Date() < deadline { usleep(50_000) }
        XCTAssertFalse(kernel.isRunning, "the kernel did not exit after shutdown")
        if !kernel.isRunning { XCTAssertEqual(kernel.terminationStatus, 0) }
    }
}
