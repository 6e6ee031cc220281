import Foundation

/// A Jupyter message as its ZeroMQ frames: routing identities, the `<IDS|MSG>` delimiter, the
/// HMAC signature, the header, parent header, metadata and content (JSON, UTF-8), then any
/// binary buffers.
public struct WireMessage: Equatable {
    public static let delimiter = Data("<IDS|MSG>".utf8)

    /// The ROUTER socket's routing prefix: where a reply goes (empty on IOPub, which uses the
    /// topic frame instead).
    public var identities: [Data]
    public var header: Data
    public var parentHeader: Data
    public var metadata: Data
    public var content: Data
    public var buffers: [Data]

    public init(identities: [Data], header: Data, parentHeader: Data, metadata: Data, content: Data, buffers: [Data] = []) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    var signedParts: [Data] { [header, parentHeader, metadata, content] }

    /// The frames to send, signed with `signer`.
    public func frames(signedWith signer: MessageSigner) -> [Data] {
        identities + [Self.delimiter, Data(signer.signature(of: signedParts).utf8)] + signedParts + buffers
    }

    /// Splits received frames; a message without the delimiter, with fewer than four JSON
    /// frames or with a wrong signature is refused (the error says which).
    public init(frames: [Data], verifiedWith signer: MessageSigner) throws {
        guard let split = frames.firstIndex(of: Self.delimiter) else {
            throw KernelError("a message without the <IDS|MSG> delimiter was dropped")
        }
        let rest = frames[(split + 1)...]
        guard rest.count >= 5 else { throw KernelError("a message with \(rest.count) frames after the delimiter (at least 5 needed) was dropped") }
        let parts = Array(rest.dropFirst().prefix(4))
        guard signer.isValid(rest[rest.startIndex], for: parts) else {
            throw KernelError("a message with a wrong signature was dropped")
        }
        self.init(identities: Array(frames[..<split]), header: parts[0], parentHeader: parts[1], metadata: parts[2],
                  content: parts[3], buffers: Array(rest.dropFirst(5)))
    }
}
