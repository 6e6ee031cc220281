import Foundation
import WWBase

/// A Jupyter connection file: where the five sockets listen and the key that signs messages.
/// The client writes it and starts `wwn kernel -f FILE`.
public struct ConnectionInfo: Equatable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var controlPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var heartbeatPort: Int
    /// The HMAC key; empty means messages are not signed (the protocol allows it).
    public var key: String
    public var signatureScheme: String

    /// The only scheme the protocol defines in practice (and the one every client uses).
    public static let supportedScheme = "hmac-sha256"

    /// Reads and checks a connection file: a bad file is an error naming it and the field.
    public static func load(path: String) throws -> ConnectionInfo {
        if let problem = RegularFile.problem(at: path) {
            throw KernelError("cannot read the connection file '\(path)': it \(problem)", exitCode: ExitCode.noInput)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KernelError("cannot read the connection file '\(path)'", exitCode: ExitCode.noInput)
        }
        return try parse(data, name: path)
    }

    static func parse(_ data: Data, name: String) throws -> ConnectionInfo {
        guard let object = try? JSONSerialization.jsonObject(with: data), let json = object as? [String: Any] else {
            throw KernelError("the connection file '\(name)' is not a JSON object")
        }
        func port(_ field: String) throws -> Int {
            guard let value = json[field] as? Int, (1...65_535).contains(value) else {
                throw KernelError("the connection file '\(name)' needs '\(field)', a port number from 1 to 65535")
            }
            return value
        }
        func text(_ field: String, default fallback: String? = nil) throws -> String {
            if let value = json[field] as? String { return value }
            if json[field] == nil, let fallback { return fallback }
            throw KernelError("the connection file '\(name)' needs '\(field)', a string")
        }
        let info = ConnectionInfo(
            transport: try text("transport", default: "tcp"), ip: try text("ip", default: "127.0.0.1"),
            shellPort: try port("shell_port"), controlPort: try port("control_port"), iopubPort: try port("iopub_port"),
            stdinPort: try port("stdin_port"), heartbeatPort: try port("hb_port"),
            key: try text("key", default: ""), signatureScheme: try text("signature_scheme", default: supportedScheme))
        guard info.transport == "tcp" else {
            throw KernelError("the connection file '\(name)' asks for transport '\(info.transport)'; wwn listens on tcp only")
        }
        guard info.signatureScheme == supportedScheme else {
            throw KernelError("the connection file '\(name)' asks for signature scheme '\(info.signatureScheme)'; wwn signs with \(supportedScheme)")
        }
        return info
    }

    func endpoint(port: Int) -> String { "\(transport)://\(ip):\(port)" }
}

/// A problem the kernel reports and stops on (a bad connection file, a port taken), with the
/// exit status it ends with: 65 for bad data (the default), 66 for a missing file, 74 for
/// sockets that cannot be opened.
public struct KernelError: Error, CustomStringConvertible {
    public let description: String
    public let exitCode: Int32
    public init(_ description: String, exitCode: Int32 = ExitCode.dataError) {
        self.description = description
        self.exitCode = exitCode
    }
}
