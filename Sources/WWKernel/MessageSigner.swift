import Crypto
import Foundation

/// Signs and checks Jupyter messages: the lowercase hex HMAC-SHA256, under the connection
/// file's key, of the header, parent header, metadata and content frames in that order. An
/// empty key means the client chose unsigned messages: the signature frame is then empty.
public struct MessageSigner {
    private let key: SymmetricKey?

    public init(key: String) {
        self.key = key.isEmpty ? nil : SymmetricKey(data: Data(key.utf8))
    }

    /// The signature of the four JSON frames.
    public func signature(of parts: [Data]) -> String {
        guard let key else { return "" }
        var mac = HMAC<SHA256>(key: key)
        for part in parts { mac.update(data: part) }
        return Data(mac.finalize()).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` is the one these frames must carry, compared in constant time so a
    /// forger cannot learn a correct signature byte by byte from response times.
    public func isValid(_ signature: Data, for parts: [Data]) -> Bool {
        guard key != nil else { return true }
        let expected = Data(self.signature(of: parts).utf8)
        guard expected.count == signature.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, signature) { difference |= a ^ b }
        return difference == 0
    }
}
