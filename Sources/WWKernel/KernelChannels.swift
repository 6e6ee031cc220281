import Foundation
import WWBase

/// The kernel's five sockets, bound to the connection file's ports: shell and control (ROUTER,
/// requests and replies), IOPub (PUB, broadcast output and status), stdin (ROUTER; bound so
/// clients can connect, never used: the kernel does not ask for input) and heartbeat (REP,
/// echoes).
final class KernelChannels {
    let context: ZeroMQContext
    let shell: ZeroMQSocket
    let control: ZeroMQSocket
    let stdin: ZeroMQSocket
    let heartbeat: ZeroMQSocket
    let iopub: IOPubPublisher
    let signer: MessageSigner

    init(_ info: ConnectionInfo) throws {
        do {
            context = try ZeroMQContext()
        } catch {
            throw KernelError("\(error)", exitCode: ExitCode.ioError)
        }
        signer = MessageSigner(key: info.key)
        shell = try ZeroMQSocket(context: context, kind: .router)
        control = try ZeroMQSocket(context: context, kind: .router)
        stdin = try ZeroMQSocket(context: context, kind: .router)
        heartbeat = try ZeroMQSocket(context: context, kind: .reply)
        let publisher = try ZeroMQSocket(context: context, kind: .publisher)
        for (socket, port) in [(shell, info.shellPort), (control, info.controlPort), (stdin, info.stdinPort),
                               (heartbeat, info.heartbeatPort), (publisher, info.iopubPort)] {
            do {
                try socket.bind(info.endpoint(port: port))
            } catch let error as ZeroMQError {
                throw KernelError("\(error) (is another kernel using port \(port)?)", exitCode: ExitCode.ioError)
            }
        }
        iopub = IOPubPublisher(socket: publisher, signer: signer)
    }

    /// Sends a reply on a ROUTER socket (shell or control) to the identities it carries.
    func send(_ message: KernelMessage, on socket: ZeroMQSocket) {
        do {
            try socket.send(message.wire.frames(signedWith: signer))
        } catch {
            KernelLog.write("cannot send \(message.type): \(error)")
        }
    }

    /// Reads the next message from a socket, or nil (logged) when it is not a valid one.
    func receive(from socket: ZeroMQSocket) throws -> KernelMessage? {
        guard let frames = try socket.receive() else {
            KernelLog.write("a message of more than \(KernelLimits.maxFramesPerMessage) frames was dropped")
            return nil
        }
        do {
            return try KernelMessage(WireMessage(frames: frames, verifiedWith: signer))
        } catch {
            KernelLog.write("\(error)")
            return nil
        }
    }

    /// Closes every socket but the heartbeat's (its thread closes it when the context ends)
    /// and ends the context once queued messages are out.
    func close() {
        for socket in [shell, control, stdin] { socket.close() }
        iopub.close()
        context.terminate()
    }
}

/// The IOPub socket, shared by the shell and control threads (libzmq sockets are not
/// thread-safe, so each send holds a lock). Each message's topic frame is
/// `kernel.<session>.<msg_type>`, as ipykernel sends it.
final class IOPubPublisher {
    private let socket: ZeroMQSocket
    private let signer: MessageSigner
    private let lock = NSLock()

    init(socket: ZeroMQSocket, signer: MessageSigner) {
        self.socket = socket
        self.signer = signer
    }

    func publish(_ message: KernelMessage) {
        var message = message
        let session = message.header["session"] as? String ?? ""
        message.identities = [Data("kernel.\(session).\(message.type)".utf8)]
        let frames = message.wire.frames(signedWith: signer)
        lock.lock()
        defer { lock.unlock() }
        do {
            try socket.send(frames)
        } catch {
            KernelLog.write("cannot publish \(message.type): \(error)")
        }
    }

    func close() {
        lock.lock()
        socket.close()
        lock.unlock()
    }
}

/// The kernel's own messages (dropped messages, send failures) on standard error, which the
/// client shows in its log; never on standard output.
enum KernelLog {
    static func write(_ text: String) {
        StandardStreams.error("wwn kernel: \(text)\n")
    }
}
