import Foundation

/// A Jupyter message with its JSON parts decoded: what the dispatcher reads and writes.
public struct KernelMessage {
    public typealias JSON = [String: Any]

    public var identities: [Data]
    public var header: JSON
    public var parentHeader: JSON
    public var metadata: JSON
    public var content: JSON

    public init(identities: [Data] = [], header: JSON, parentHeader: JSON = [:], metadata: JSON = [:], content: JSON) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
    }

    public var type: String { header["msg_type"] as? String ?? "" }

    /// Decodes the four JSON frames; a frame that is not a JSON object is an error naming it.
    public init(_ wire: WireMessage) throws {
        func object(_ data: Data, _ name: String) throws -> JSON {
            guard let value = try? JSONSerialization.jsonObject(with: data), let json = value as? JSON else {
                throw KernelError("a message whose \(name) is not a JSON object was dropped")
            }
            return json
        }
        self.init(identities: wire.identities, header: try object(wire.header, "header"),
                  parentHeader: try object(wire.parentHeader, "parent header"), metadata: try object(wire.metadata, "metadata"),
                  content: try object(wire.content, "content"))
    }

    /// The frames' JSON. Everything the kernel puts in a message is a JSON type, so encoding
    /// cannot fail; should it, the part is sent as `{}` rather than ending the kernel.
    public var wire: WireMessage {
        WireMessage(identities: identities, header: Self.encode(header), parentHeader: Self.encode(parentHeader),
                    metadata: Self.encode(metadata), content: Self.encode(content))
    }

    static func encode(_ json: JSON) -> Data {
        guard JSONSerialization.isValidJSONObject(json), let data = try? JSONSerialization.data(withJSONObject: json) else {
            return Data("{}".utf8)
        }
        return data
    }
}

/// Makes the headers of the kernel's messages: one session id for the kernel's life, a new
/// message id and timestamp per message.
public struct MessageFactory {
    public let session: String
    public static let username = "wwn"

    public init(session: String = UUID().uuidString.lowercased()) {
        self.session = session
    }

    /// A message of `type` answering (or caused by) `parent`, whose header it carries.
    public func message(_ type: String, content: KernelMessage.JSON, parent: KernelMessage?, identities: [Data] = [],
                        metadata: KernelMessage.JSON = [:]) -> KernelMessage {
        let header: KernelMessage.JSON = [
            "msg_id": UUID().uuidString.lowercased(), "session": session, "username": Self.username,
            "date": Self.timestamp(Date()), "msg_type": type, "version": KernelLimits.protocolVersion,
        ]
        return KernelMessage(identities: identities, header: header, parentHeader: parent?.header ?? [:], metadata: metadata, content: content)
    }

    /// The reply to a request: `*_request` becomes `*_reply`, sent back to the same identities.
    public func reply(to request: KernelMessage, content: KernelMessage.JSON) -> KernelMessage {
        let type = request.type.hasSuffix("_request") ? String(request.type.dropLast("_request".count)) + "_reply" : request.type + "_reply"
        return message(type, content: content, parent: request, identities: request.identities)
    }

    /// ISO 8601 in UTC with microseconds, as the protocol asks.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
