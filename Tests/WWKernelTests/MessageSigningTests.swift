import Foundation
import XCTest
@testable import WWKernel

final class MessageSigningTests: XCTestCase {
    /// RFC 4231 test case 2 (key "Jefe"): the signature of the parts is the HMAC of their
    /// concatenation, in lowercase hex.
    func testSignatureIsHMACSHA256OfTheConcatenatedParts() {
        let signer = MessageSigner(key: "Jefe")
        let parts = [Data("what do ya ".utf8), Data("want ".utf8), Data("for nothing?".utf8), Data()]
        XCTAssertEqual(signer.signature(of: parts), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    func testEmptyKeyMeansUnsignedMessages() {
        let signer = MessageSigner(key: "")
        XCTAssertEqual(signer.signature(of: [Data("{}".utf8)]), "")
        XCTAssertTrue(signer.isValid(Data(), for: [Data("{}".utf8)]))
    }

    func testFramesRoundTripAndKeepIdentitiesAndBuffers() throws {
        let signer = MessageSigner(key: "secret")
        let message = WireMessage(identities: [Data("client-1".utf8), Data([0, 1, 2])], header: Data(#"{"msg_type":"x"}"#.utf8),
                                  parentHeader: Data("{}".utf8), metadata: Data("{}".utf8), content: Data(#"{"code":"1+1"}"#.utf8),
                                  buffers: [Data([9, 9])])
        let frames = message.frames(signedWith: signer)
        XCTAssertEqual(frames[2], WireMessage.delimiter)
        XCTAssertEqual(frames[3].count, 64, "a hex SHA-256 signature")
        XCTAssertEqual(try WireMessage(frames: frames, verifiedWith: signer), message)
    }

    func testAWrongSignatureIsRefused() {
        let signer = MessageSigner(key: "secret")
        let message = WireMessage(identities: [], header: Data("{}".utf8), parentHeader: Data("{}".utf8), metadata: Data("{}".utf8),
                                  content: Data(#"{"code":"1"}"#.utf8))
        var frames = message.frames(signedWith: signer)
        frames[frames.count - 1] = Data(#"{"code":"2"}"#.utf8)  // content changed after signing
        XCTAssertThrowsError(try WireMessage(frames: frames, verifiedWith: signer)) { error in
            XCTAssertTrue("\(error)".contains("wrong signature"), "\(error)")
        }
        XCTAssertThrowsError(try WireMessage(frames: message.frames(signedWith: MessageSigner(key: "other")), verifiedWith: signer))
    }

    func testMessagesWithoutDelimiterOrPartsAreRefused() {
        let signer = MessageSigner(key: "k")
        XCTAssertThrowsError(try WireMessage(frames: [Data("{}".utf8)], verifiedWith: signer)) { error in
            XCTAssertTrue("\(error)".contains("delimiter"), "\(error)")
        }
        XCTAssertThrowsError(try WireMessage(frames: [WireMessage.delimiter, Data(), Data("{}".utf8)], verifiedWith: signer)) { error in
            XCTAssertTrue("\(error)".contains("frames after the delimiter"), "\(error)")
        }
    }

    func testRepliesCarryTheParentHeaderAndReplyType() throws {
        let factory = MessageFactory(session: "s")
        let request = KernelMessage(identities: [Data("id".utf8)], header: ["msg_id": "m1", "msg_type": "complete_request"], content: [:])
        let reply = factory.reply(to: request, content: ["status": "ok"])
        XCTAssertEqual(reply.type, "complete_reply")
        XCTAssertEqual(reply.identities, [Data("id".utf8)])
        XCTAssertEqual(reply.parentHeader["msg_id"] as? String, "m1")
        XCTAssertEqual(reply.header["version"] as? String, "5.3")
        XCTAssertEqual(reply.header["session"] as? String, "s")
        let decoded = try KernelMessage(WireMessage(frames: reply.wire.frames(signedWith: MessageSigner(key: "k")), verifiedWith: MessageSigner(key: "k")))
        XCTAssertEqual(decoded.content["status"] as? String, "ok")
    }

    func testConnectionFileIsCheckedField_by_field() throws {
        let good = #"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256"}"#
        let info = try ConnectionInfo.parse(Data(good.utf8), name: "c.json")
        XCTAssertEqual(info.endpoint(port: info.iopubPort), "tcp://127.0.0.1:2")
        XCTAssertThrowsError(try ConnectionInfo.parse(Data(good.replacingOccurrences(of: #""hb_port": 5"#, with: #""hb_port": 0"#).utf8), name: "c.json")) {
            XCTAssertTrue("\($0)".contains("'hb_port'") && "\($0)".contains("c.json"), "\($0)")
        }
        XCTAssertThrowsError(try ConnectionInfo.parse(Data(good.replacingOccurrences(of: "hmac-sha256", with: "hmac-md5").utf8), name: "c.json"))
        XCTAssertThrowsError(try ConnectionInfo.parse(Data("[1]".utf8), name: "c.json"))
    }
}
