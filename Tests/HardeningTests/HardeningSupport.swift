import Foundation
import XCTest

/// Runs the built `wwn` through `/bin/sh` (for redirections, `ulimit` and FIFOs) in a scratch
/// directory, under `timeout`, so a case that hangs fails in seconds instead of stalling the
/// suite. Memory cases run under `ulimit -v` and lowered wwn limits, so the suite stays small.
class HardeningCase: XCTestCase {
    /// Longest any one command may run; a hang is then exit 137 (killed), never a stalled suite.
    static let commandTimeoutSeconds = 20
    /// Address-space cap for the memory cases (KiB): far below what the defects asked for
    /// (1 TiB, 2 GB, unbounded growth), above what a debug wwn needs to start (BLAS, stacks).
    static let memoryCapKiB = 3_000_000

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-hardening-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    static var binary: String {
        var url = Bundle(for: HardeningCase.self).bundleURL
        while url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        return url.appendingPathComponent("wwn").path
    }

    /// Runs `script` with `$WWN` set to the binary; `wwn` is a shell function that calls it
    /// under the timeout.
    @discardableResult
    func sh(_ script: String, environment: [String: String] = [:], memoryCap: Bool = false) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let limit = memoryCap ? "ulimit -v \(Self.memoryCapKiB); " : ""
        let prelude = "wwn() { timeout -s KILL \(Self.commandTimeoutSeconds) \"$WWN\" \"$@\"; }; "
        process.arguments = ["-c", limit + prelude + script]
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["WWN"] = Self.binary
        env["NO_COLOR"] = "1"
        process.environment = env
        // Standard error goes to a file beside the scratch directory, so the two streams cannot
        // block each other and the directory holds only what the case made.
        let errPath = directory.path + ".stderr"
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        let out = Pipe()
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try err.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errData = FileManager.default.contents(atPath: errPath) ?? Data()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: false, encoding: .utf8)
    }

    func write(_ name: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: directory.appendingPathComponent(name))
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Asserts a clean failure: the exit code, a message containing `message`, and no crash.
    func assertFails(_ outcome: Outcome, status: Int32, message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(outcome.status, status, "stderr: \(outcome.stderr.prefix(2000))", file: file, line: line)
        XCTAssertTrue(outcome.stderr.contains(message), "expected \(message.debugDescription) in: \(outcome.stderr.prefix(2000))", file: file, line: line)
        XCTAssertFalse(outcome.stderr.contains("Fatal error") || outcome.stderr.contains("crashed"), outcome.stderr, file: file, line: line)
    }
}

// MARK: - Hostile files, made byte by byte

enum Craft {
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(v >> (8 * $0) & 0xFF) } }
    static func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(v >> (8 * UInt64($0)) & 0xFF) } }
    static func be32(_ v: UInt32) -> [UInt8] { (0..<4).reversed().map { UInt8(v >> (8 * $0) & 0xFF) } }

    /// Raw deflate of `data` as one stored block (valid deflate, no compression needed).
    static func storedDeflate(_ data: [UInt8]) -> [UInt8] {
        [0x01] + le16(data.count) + le16(~data.count & 0xFFFF) + data
    }

    struct ZipEntry {
        var name: String
        var data: [UInt8]
        var deflated = false
        /// The uncompressed size the directory declares (nil: the true size). Past 32 bits it is
        /// written as a zip64 extra field.
        var declaredSize: UInt64? = nil
    }

    static func zip(_ entries: [ZipEntry]) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            let payload = entry.deflated ? storedDeflate(entry.data) : entry.data
            let declared = entry.declaredSize ?? UInt64(entry.data.count)
            let zip64 = declared >= 0xFFFF_FFFF
            let size32 = zip64 ? UInt32(0xFFFF_FFFF) : UInt32(declared)
            let crc = crc32(entry.data)
            let method = entry.deflated ? 8 : 0
            let offset = out.count
            out += le32(0x0403_4B50) + le16(20) + le16(0) + le16(method) + le16(0) + le16(0) + le32(crc)
                + le32(UInt32(payload.count)) + le32(size32) + le16(name.count) + le16(0) + name + payload
            let extra = zip64 ? le16(1) + le16(8) + le64(declared) : []
            directory += le32(0x0201_4B50) + le16(45) + le16(20) + le16(0) + le16(method) + le16(0) + le16(0) + le32(crc)
                + le32(UInt32(payload.count)) + le32(size32) + le16(name.count) + le16(extra.count) + le16(0) + le16(0)
                + le16(0) + le32(0) + le32(UInt32(offset)) + name + extra
        }
        let directoryOffset = out.count
        out += directory
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
            + le32(UInt32(directory.count)) + le32(UInt32(directoryOffset)) + le16(0)
        return out
    }

    /// A `.npy` of float32 zeros.
    static func npy(rows: Int, columns: Int) -> [UInt8] {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        return Array("\u{93}NUMPY".unicodeScalars.map { UInt8($0.value) }) + [1, 0] + le16(header.utf8.count) + Array(header.utf8)
            + [UInt8](repeating: 0, count: 4 * rows * columns)
    }

    /// A gzip member of `data` (stored deflate block).
    static func gzip(_ data: [UInt8]) -> [UInt8] {
        [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF] + storedDeflate(data) + le32(crc32(data)) + le32(UInt32(data.count))
    }

    /// The pickle of the hostile chain: `count + 1` empty lists memoized first, then each
    /// appended into the one before (outer first), then the first returned.
    static func memoChainPickle(levels count: Int) -> [UInt8] {
        var p: [UInt8] = [0x80, 2]
        for i in 0...count { p += [0x5D, 0x72] + le32(UInt32(i)) + [0x30] }                 // EMPTY_LIST LONG_BINPUT POP
        for i in 0..<count { p += [0x6A] + le32(UInt32(i)) + [0x6A] + le32(UInt32(i + 1)) + [0x61, 0x30] }  // GET GET APPEND POP
        return p + [0x6A] + le32(0) + [0x2E]
    }
}
