import CZlib
import Foundation
import WWBase

/// Whole-file reads for the loaders, with transparent gunzip (MNIST ships as `.gz`).
enum FileBytes {
    /// The bytes of `path`, inflated if they start with the gzip magic number. With `prefix`,
    /// only the first `prefix` bytes (of the inflated stream), so a reader can check a header
    /// before the rest is inflated into memory.
    static func read(_ path: String, prefix: Int? = nil) throws -> [UInt8] {
        let bytes = try readRaw(path, limit: DataLimits.maxFileBytes)
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B {
            return try Gzip.inflate(bytes, path: path, prefix: prefix)
        }
        if let prefix, bytes.count > prefix { return Array(bytes[0..<prefix]) }
        return bytes
    }
}

extension FileBytes {
    /// The bytes of `path` as they are (no gunzip): a regular readable file of at most `limit`
    /// bytes, checked before reading (a FIFO would block, a huge file would not fail cleanly).
    static func readRaw(_ path: String, limit: Int) throws -> [UInt8] {
        if let problem = RegularFile.problem(at: path) {
            throw DataFileError(path, problem == "does not exist" ? "no such file" : problem)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if let size, size > limit {
            throw DataFileError(path, "\(size) bytes is more than this reader takes (\(limit) bytes)")
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DataFileError(path, "cannot be read (\(error.localizedDescription))")
        }
    }
}

/// gzip decompression through zlib, all members of a multi-member file in order.
enum Gzip {
    /// Output grows in steps of this many bytes (a multiple of typical page sizes).
    static let chunkBytes = 1 << 20

    /// With `prefix`, inflation stops once that many bytes came out (the rest is not read).
    static func inflate(_ input: [UInt8], path: String, prefix: Int? = nil) throws -> [UInt8] {
        guard input.count <= Int(UInt32.max) else {
            throw DataFileError(path, "compressed files over 4 GiB are not read directly; gunzip it first")
        }
        var output: [UInt8] = []
        var stream = z_stream()
        // 15 window bits + 32: accept a gzip or zlib header, detected automatically.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataFileError(path, "zlib could not start decompressing")
        }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: chunkBytes)
        try input.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = UInt32(source.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunkBytes - Int(stream.avail_out)
                output.append(contentsOf: chunk[0..<produced])
                if let prefix, output.count >= prefix {
                    output.removeSubrange(prefix...)
                    return
                }
                guard output.count <= DataLimits.maxFileBytes else {
                    throw DataFileError(path, "decompresses to more than this machine's memory (\(DataLimits.maxFileBytes) bytes)")
                }
                let consumed = source.count - Int(stream.avail_in)
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow (files concatenated with `cat`).
                    guard stream.avail_in > 0 else { return }
                    guard inflateReset(&stream) == Z_OK else {
                        throw DataFileError(path, at: .byte(consumed), "zlib could not restart at the next gzip member")
                    }
                case Z_OK:
                    if stream.avail_in == 0, produced == 0 {
                        throw DataFileError(path, at: .byte(consumed), "the gzip data is truncated")
                    }
                case Z_BUF_ERROR:
                    if stream.avail_in == 0 {
                        throw DataFileError(path, at: .byte(consumed), "the gzip data is truncated")
                    }
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw DataFileError(path, at: .byte(consumed), "the gzip data is corrupt (\(reason))")
                }
            }
        }
        return output
    }
}
