import Foundation
import WWInterpreter

/// Answers requests: one method per message type, each a reply built from the session. Shell
/// requests run one at a time on the interpreter's thread; control requests (interrupt,
/// shutdown, kernel_info) come from the control thread and never touch the session.
final class KernelDispatcher {
    /// What the dispatcher needs from the transport.
    struct Transport {
        /// Sends a reply on the socket the request came from.
        var reply: (KernelMessage) -> Void
        /// Publishes on IOPub.
        var publish: (KernelMessage) -> Void
        /// Takes the shell requests already waiting, without blocking (none on control).
        var takeWaiting: () -> [KernelMessage] = { [] }
    }

    let factory: MessageFactory
    let version: String
    private let shutdown: ShutdownFlag
    /// The request whose output is being published, and whether it asked for silence.
    private var current: (request: KernelMessage, silent: Bool)?
    private var iopub: ((KernelMessage) -> Void)?
    private(set) lazy var session: KernelSession = KernelSession(registry: registry) { [unowned self] type, content in
        guard let current = self.current, !current.silent else { return }
        self.iopub?(self.factory.message(type, content: content, parent: current.request))
    }
    private let registry: Registry

    init(registry: Registry, version: String, factory: MessageFactory = MessageFactory(), shutdown: ShutdownFlag) {
        self.registry = registry
        self.version = version
        self.factory = factory
        self.shutdown = shutdown
    }

    /// A request from the shell socket.
    func handleShell(_ request: KernelMessage, transport: Transport) {
        iopub = transport.publish
        transport.publish(status("busy", parent: request))
        let content = request.content
        var aborted: [KernelMessage] = []
        switch request.type {
        case "execute_request":
            let (reply, failed) = execute(request, publish: transport.publish)
            // The protocol's stop_on_error: execute requests that were waiting when this one
            // failed are not run. They are taken before the reply goes out, so a request the
            // client sends after seeing the reply runs as usual.
            if failed, content["stop_on_error"] as? Bool ?? true { aborted = transport.takeWaiting() }
            transport.reply(reply)
        case "complete_request":
            let code = content["code"] as? String ?? ""
            let completion = session.complete(code, cursor: content["cursor_pos"] as? Int ?? code.unicodeScalars.count)
            transport.reply(factory.reply(to: request, content: [
                "status": "ok", "matches": completion.matches, "cursor_start": completion.start, "cursor_end": completion.end,
                "metadata": [String: Any](),
            ]))
        case "inspect_request":
            let code = content["code"] as? String ?? ""
            let help = session.inspect(code, cursor: content["cursor_pos"] as? Int ?? code.unicodeScalars.count)
            transport.reply(factory.reply(to: request, content: [
                "status": "ok", "found": help != nil, "data": help.map { ["text/plain": $0] } ?? [String: Any](),
                "metadata": [String: Any](),
            ]))
        case "is_complete_request":
            let status = KernelSession.completeness(of: content["code"] as? String ?? "")
            var reply: KernelMessage.JSON = ["status": status]
            if status == "incomplete" { reply["indent"] = "" }
            transport.reply(factory.reply(to: request, content: reply))
        case "history_request":
            // The kernel keeps no history of its own; clients keep theirs.
            transport.reply(factory.reply(to: request, content: ["status": "ok", "history": [Any]()]))
        case "comm_open":
            // wwn has no comms: the protocol's answer to an unknown target is to close it.
            if let id = content["comm_id"] as? String {
                transport.publish(factory.message("comm_close", content: ["comm_id": id, "data": [String: Any]()], parent: request))
            }
        case "comm_msg", "comm_close":
            break
        default:
            if let reply = common(request) { transport.reply(reply) } else { KernelLog.write("ignored a \(request.type) message") }
        }
        transport.publish(status("idle", parent: request))
        for waiting in aborted {
            if waiting.type == "execute_request" {
                transport.publish(status("busy", parent: waiting))
                transport.reply(factory.reply(to: waiting, content: ["status": "aborted", "execution_count": session.executionCount]))
                transport.publish(status("idle", parent: waiting))
            } else {
                handleShell(waiting, transport: transport)
            }
        }
    }

    /// A request from the control socket (on the control thread).
    func handleControl(_ request: KernelMessage, transport: Transport) {
        transport.publish(status("busy", parent: request))
        defer { transport.publish(status("idle", parent: request)) }
        if request.type == "interrupt_request" {
            // The same path as Ctrl-C in the REPL: the handler raises the flag the running
            // code polls.
            kill(getpid(), SIGINT)
            transport.reply(factory.reply(to: request, content: ["status": "ok"]))
        } else if let reply = common(request) {
            transport.reply(reply)
        } else {
            KernelLog.write("ignored a \(request.type) message on the control channel")
        }
    }

    /// Requests both channels answer: kernel_info, shutdown, comm_info.
    private func common(_ request: KernelMessage) -> KernelMessage? {
        switch request.type {
        case "kernel_info_request":
            return factory.reply(to: request, content: kernelInfo)
        case "comm_info_request":
            return factory.reply(to: request, content: ["status": "ok", "comms": [String: Any]()])
        case "shutdown_request":
            let restart = request.content["restart"] as? Bool ?? false
            shutdown.request()
            return factory.reply(to: request, content: ["status": "ok", "restart": restart])
        default:
            return nil
        }
    }

    var kernelInfo: KernelMessage.JSON {
        [
            "status": "ok", "protocol_version": KernelLimits.protocolVersion, "implementation": "wwn",
            "implementation_version": version, "banner": "wwn \(version): ?name shows help, :vars the variables",
            "help_links": [Any](), "debugger": false,
            "language_info": ["name": "wwn", "version": version, "mimetype": "text/x-wwn", "file_extension": ".wwn"] as KernelMessage.JSON,
        ]
    }

    /// The kernel's state for the request that caused it (`starting` has none).
    func status(_ state: String, parent: KernelMessage?) -> KernelMessage {
        factory.message("status", content: ["execution_state": state], parent: parent)
    }

    // MARK: execute

    private func execute(_ request: KernelMessage, publish: (KernelMessage) -> Void) -> (KernelMessage, failed: Bool) {
        let code = request.content["code"] as? String ?? ""
        let silent = request.content["silent"] as? Bool ?? false
        let storesHistory = !silent && (request.content["store_history"] as? Bool ?? true)
        if !silent {
            publish(factory.message("execute_input", content: ["code": code, "execution_count": session.executionCount + (storesHistory ? 1 : 0)],
                                    parent: request))
        }
        current = (request, silent)
        let outcome = session.execute(code, storesHistory: storesHistory)
        current = nil
        let count = session.executionCount
        switch outcome {
        case .ok:
            // Evaluated with no request current, so whatever they display is not published.
            let expressions = request.content["user_expressions"] as? [String: Any] ?? [:]
            var values: KernelMessage.JSON = [:]
            for (name, expression) in expressions {
                guard let text = expression as? String else { continue }
                values[name] = session.evaluateUserExpression(text)
            }
            return (factory.reply(to: request, content: [
                "status": "ok", "execution_count": count, "user_expressions": values, "payload": [Any](),
            ]), false)
        case .error(let name, let value, let traceback):
            let error: KernelMessage.JSON = ["ename": name, "evalue": value, "traceback": traceback]
            if !silent { publish(factory.message("error", content: error, parent: request)) }
            return (factory.reply(to: request, content: error.merging(["status": "error", "execution_count": count]) { $1 }), true)
        }
    }

}

/// Set by a shutdown request on either channel; the shell loop and the control thread stop
/// at their next wake.
final class ShutdownFlag {
    private let lock = NSLock()
    private var requested = false

    func request() {
        lock.lock()
        requested = true
        lock.unlock()
    }

    var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }
}
