import Foundation

/// One `index.<pos>` file, looked up by binary search over its sorted lines instead of being
/// parsed into a dictionary: loading is one read and one pass over the line breaks, so the
/// first synonym lookup costs milliseconds, not the second a full parse of 150,000 lemmas takes.
struct WordNetIndex {
    let file: String
    private let bytes: [UInt8]
    /// Start of every lemma line (the license lines, which begin with a space, are skipped).
    private let lineStarts: [Int]
    /// The 1-based file line of `lineStarts[0]`, for error messages.
    private let firstLine: Int

    /// Reads and checks `index.<suffix>`: every lemma line must sort after the one before
    /// (byte order, as WordNet writes them), or binary search would silently miss words.
    init(directory: String, partOfSpeech: PartOfSpeech) throws {
        let name = "index." + partOfSpeech.fileSuffix
        let file = WordNetFile.path(name, in: directory)
        let bytes = try WordNetFile.contents(name, in: directory)
        var starts: [Int] = []
        var headerLines = 0
        var position = 0
        try bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var previous: (start: Int, length: Int)?
            while position < buffer.count {
                let lineEnd = memchr(base + position, 0x0A, buffer.count - position)
                    .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? buffer.count
                if base[position] == 0x20 {
                    guard starts.isEmpty else {
                        throw WordNetError.malformed(file: file, location: "line \(headerLines + starts.count + 1)",
                                                     reason: "a line starting with a space after the first lemma line")
                    }
                    headerLines += 1
                } else if lineEnd > position {
                    let keyLength = WordNetIndex.keyLength(base + position, lineEnd - position)
                    if let previous {
                        let common = min(previous.length, keyLength)
                        let order = memcmp(base + previous.start, base + position, common)
                        if order > 0 || (order == 0 && previous.length >= keyLength) {
                            throw WordNetError.malformed(file: file, location: "line \(headerLines + starts.count + 1)",
                                                         reason: "lemma '\(String(decoding: buffer[position..<(position + keyLength)], as: UTF8.self))' is out of order (index files are sorted byte-wise)")
                        }
                    }
                    previous = (position, keyLength)
                    starts.append(position)
                }
                position = lineEnd + 1
            }
        }
        self.file = file
        self.bytes = bytes
        lineStarts = starts
        firstLine = headerLines + 1
    }

    private static func keyLength(_ start: UnsafePointer<UInt8>, _ length: Int) -> Int {
        memchr(start, 0x20, length).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - start } ?? length
    }

    /// The synset offsets listed for `lemma` (WordNet's spelling: lower case, `_` for spaces),
    /// or nil when the lemma is not in this part of speech.
    func offsets(of lemma: String) throws -> [Int]? {
        let key = Array(lemma.utf8)
        guard !key.isEmpty, !key.contains(0x20), !key.contains(0x0A) else { return nil }
        let found: Int? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var low = 0
            var high = lineStarts.count
            while low < high {
                let middle = (low + high) / 2
                let start = lineStarts[middle]
                let end = middle + 1 < lineStarts.count ? lineStarts[middle + 1] : buffer.count
                let length = WordNetIndex.keyLength(base + start, end - start)
                let order = key.withUnsafeBufferPointer { keyBytes in
                    keyBytes.baseAddress.map { memcmp(base + start, $0, min(length, key.count)) } ?? 0
                }
                if order == 0 && length == key.count { return middle }
                if order < 0 || (order == 0 && length < key.count) { low = middle + 1 } else { high = middle }
            }
            return nil
        }
        guard let found else { return nil }
        return try parseOffsets(line: found)
    }

    /// `lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...`
    private func parseOffsets(line: Int) throws -> [Int] {
        let start = lineStarts[line]
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        let fields = bytes[start..<end].split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) }
        let location = "line \(firstLine + line)"
        func fail(_ reason: String) -> WordNetError { .malformed(file: file, location: location, reason: reason) }
        func count(at position: Int, _ what: String) throws -> Int {
            guard position < fields.count, let value = Int(fields[position]), value >= 0 else {
                throw fail("\(what) is not a count")
            }
            return value
        }
        let synsetCount = try count(at: 2, "the synset count")
        let pointerCount = try count(at: 3, "the pointer count")
        let offsetsStart = 4 + pointerCount + 2
        guard synsetCount > 0, fields.count == offsetsStart + synsetCount else {
            throw fail("expected \(synsetCount) synset offsets after \(pointerCount) pointer symbols and two sense counts, got \(fields.count) fields")
        }
        return try fields[offsetsStart...].map { field in
            guard field.utf8.count == 8, let offset = Int(field), offset >= 0 else { throw fail("'\(field)' is not an 8-digit synset offset") }
            return offset
        }
    }
}
