import CZeroMQ
import Foundation

/// A libzmq call failed; the message is libzmq's own (`zmq_strerror`).
public struct ZeroMQError: Error, CustomStringConvertible {
    public let operation: String
    public let code: Int32
    public var description: String { "\(operation): \(String(cString: zmq_strerror(code)))" }

    static func last(_ operation: String) -> ZeroMQError { ZeroMQError(operation: operation, code: zmq_errno()) }

    /// The context was terminated while the call waited: the kernel is shutting down.
    var isTermination: Bool { code == ETERM }
}

/// A libzmq context: owns the I/O thread every socket of the kernel uses.
final class ZeroMQContext {
    let handle: UnsafeMutableRawPointer

    init() throws {
        guard let handle = zmq_ctx_new() else { throw ZeroMQError.last("zmq_ctx_new") }
        self.handle = handle
    }

    /// Waits until every socket is closed (each after its linger), then frees the context.
    func terminate() {
        while zmq_ctx_term(handle) != 0, zmq_errno() == EINTR {}
    }
}

/// One ZeroMQ socket, used from one thread at a time (libzmq sockets are not thread-safe; the
/// IOPub publisher adds its own lock). Multipart messages are `[Data]`, one element per frame.
final class ZeroMQSocket {
    /// The kernel's kinds (router, publisher, reply) and a client's (dealer, subscriber: the
    /// tests talk to a running kernel without Python).
    enum Kind {
        case router, publisher, reply, dealer, subscriber

        var rawValue: Int32 {
            switch self {
            case .router: return ZMQ_ROUTER
            case .publisher: return ZMQ_PUB
            case .reply: return ZMQ_REP
            case .dealer: return ZMQ_DEALER
            case .subscriber: return ZMQ_SUB
            }
        }
    }

    private let handle: UnsafeMutableRawPointer
    private var isClosed = false

    init(context: ZeroMQContext, kind: Kind) throws {
        guard let handle = zmq_socket(context.handle, kind.rawValue) else { throw ZeroMQError.last("zmq_socket") }
        self.handle = handle
        var linger = KernelLimits.lingerMilliseconds
        zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
        var maxSize = Int64(KernelLimits.maxFrameBytes)
        zmq_setsockopt(handle, ZMQ_MAXMSGSIZE, &maxSize, MemoryLayout<Int64>.size)
    }

    func bind(_ endpoint: String) throws {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZeroMQError.last("cannot listen on \(endpoint)") }
    }

    func connect(_ endpoint: String) throws {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZeroMQError.last("cannot connect to \(endpoint)") }
    }

    /// A subscriber's filter: every message whose first frame starts with `prefix` ("" for all).
    func subscribe(_ prefix: String) {
        zmq_setsockopt(handle, ZMQ_SUBSCRIBE, prefix, prefix.utf8.count)
    }

    /// Sends every frame as one message.
    func send(_ frames: [Data]) throws {
        for (index, frame) in frames.enumerated() {
            let flags = index + 1 < frames.count ? ZMQ_SNDMORE : 0
            let sent = frame.withUnsafeBytes { bytes in
                retryingInterrupted { zmq_send(handle, bytes.baseAddress, bytes.count, flags) }
            }
            guard sent >= 0 else { throw ZeroMQError.last("zmq_send") }
        }
    }

    /// Waits for the next message; its frames, or nil when the message broke a limit (it is
    /// read to its end and dropped).
    func receive() throws -> [Data]? {
        var frames: [Data] = []
        var tooLarge = false
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            guard retryingInterrupted({ zmq_msg_recv(&message, handle, 0) }) >= 0 else { throw ZeroMQError.last("zmq_msg_recv") }
            if frames.count < KernelLimits.maxFramesPerMessage {
                let size = zmq_msg_size(&message)
                frames.append(size == 0 ? Data() : Data(bytes: zmq_msg_data(&message), count: size))
            } else {
                tooLarge = true
            }
            if zmq_msg_more(&message) == 0 { break }
        }
        return tooLarge ? nil : frames
    }

    /// Whether a message is waiting, after waiting at most `milliseconds` (-1: forever). A
    /// signal (Ctrl-C, the client's interrupt) ends the wait early with false.
    func waitForInput(milliseconds: Int) throws -> Bool {
        var item = zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        let count = zmq_poll(&item, 1, milliseconds)
        if count < 0 {
            if zmq_errno() == EINTR { return false }
            throw ZeroMQError.last("zmq_poll")
        }
        return count > 0 && (item.revents & Int16(ZMQ_POLLIN)) != 0
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        zmq_close(handle)
    }

    /// A signal handler ran while libzmq waited: the call is simply made again.
    private func retryingInterrupted(_ call: () -> Int32) -> Int32 {
        while true {
            let result = call()
            if result >= 0 || zmq_errno() != EINTR { return result }
        }
    }
}
