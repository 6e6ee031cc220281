import Foundation

/// WordNet 3.0 read straight from its dict files (Debian's wordnet-base), with the lookups EDA
/// needs: base forms of an inflected word (NLTK's `morphy`) and the lemma names of every synset
/// of a word (NLTK's `wordnet.synsets(word)`), in NLTK's order.
///
/// Everything loads lazily: an index file on the first lookup in its part of speech, an
/// exception list on the first base-form search, a synset when its line is first read (seek
/// to its byte offset), then cached. One reader is safe to share between threads.
public final class WordNet: @unchecked Sendable {
    /// Where Debian's wordnet-base installs the dict files.
    public static let defaultDirectory = "/usr/share/wordnet"
    /// The environment variable naming another directory of WordNet 3.0 files.
    public static let directoryVariable = "WWN_WORDNET_DIR"

    public let directory: String
    private let lock = NSLock()
    private var indexes: [PartOfSpeech: WordNetIndex] = [:]
    private var exceptions: [PartOfSpeech: [String: [String]]] = [:]
    private var dataFiles: [PartOfSpeech: FileHandle] = [:]
    private var synsetCache: [PartOfSpeech: [Int: [String]]] = [:]

    /// A reader of `directory`. Nothing is read until the first lookup; missing files are
    /// reported then (or by ``checkInstalled()``).
    public init(directory: String) {
        self.directory = directory
    }

    deinit {
        for handle in dataFiles.values { try? handle.close() }
    }

    /// `WWN_WORDNET_DIR` when set and not empty, otherwise /usr/share/wordnet.
    public static func configuredDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let directory = environment[directoryVariable], !directory.isEmpty { return directory }
        return defaultDirectory
    }

    private static let sharedLock = NSLock()
    nonisolated(unsafe) private static var sharedReaders: [String: WordNet] = [:]

    /// One reader per directory for the whole process, so its caches serve every caller.
    public static func shared(directory: String = configuredDirectory()) -> WordNet {
        sharedLock.lock()
        defer { sharedLock.unlock() }
        if let reader = sharedReaders[directory] { return reader }
        let reader = WordNet(directory: directory)
        sharedReaders[directory] = reader
        return reader
    }

    /// Throws ``WordNetError/missingFile(directory:file:)`` naming the first file absent.
    public func checkInstalled() throws {
        for pos in PartOfSpeech.allCases {
            for name in ["index.", "data."].map({ $0 + pos.fileSuffix }) + [pos.fileSuffix + ".exc"] {
                var isDirectory: ObjCBool = false
                if !FileManager.default.fileExists(atPath: WordNetFile.path(name, in: directory), isDirectory: &isDirectory) || isDirectory.boolValue {
                    throw WordNetError.missingFile(directory: directory, file: name)
                }
            }
        }
    }

    // MARK: Lookups

    /// The lemmas WordNet lists for `form` as `partOfSpeech`: the form itself if it is a lemma,
    /// then its base forms — from the exception list when the form is there (went → go),
    /// otherwise from one pass of the suffix rules (running → run). NLTK 3.10's `_morphy`.
    public func baseForms(of form: String, as partOfSpeech: PartOfSpeech) throws -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return try unlockedBaseForms(of: form, as: partOfSpeech)
    }

    /// The lemma names of every synset of `word`, one list per synset, in NLTK's order: nouns,
    /// verbs, adjectives, adverbs; within each, base forms in morphy's order and each form's
    /// synsets in index order. Names are WordNet's (`hot_dog`, `Dog`), syntactic markers such
    /// as `(a)` removed. `word` is lower-cased first, as `wordnet.synsets` does.
    public func synsetLemmaNames(of word: String) throws -> [[String]] {
        lock.lock()
        defer { lock.unlock() }
        let lemma = word.lowercased()
        var result: [[String]] = []
        for pos in PartOfSpeech.allCases {
            for form in try unlockedBaseForms(of: lemma, as: pos) {
                for offset in try index(pos).offsets(of: form) ?? [] {
                    result.append(try lemmaNames(pos, offset: offset))
                }
            }
        }
        return result
    }

    private func unlockedBaseForms(of form: String, as pos: PartOfSpeech) throws -> [String] {
        let candidates: [String]
        if let listed = try exceptionList(pos)[form] {
            candidates = [form] + listed
        } else {
            candidates = [form] + pos.suffixRules.compactMap { rule in
                form.hasSuffix(rule.ending) ? String(form.dropLast(rule.ending.count)) + rule.replacement : nil
            }
        }
        var seen = Set<String>()
        var result: [String] = []
        for candidate in candidates where !seen.contains(candidate) {
            if try index(pos).offsets(of: candidate) != nil {
                seen.insert(candidate)
                result.append(candidate)
            }
        }
        return result
    }

    // MARK: Lazy loading (callers hold the lock)

    private func index(_ pos: PartOfSpeech) throws -> WordNetIndex {
        if let index = indexes[pos] { return index }
        let index = try WordNetIndex(directory: directory, partOfSpeech: pos)
        indexes[pos] = index
        return index
    }

    /// `<pos>.exc`: one inflected form per line followed by its base forms.
    private func exceptionList(_ pos: PartOfSpeech) throws -> [String: [String]] {
        if let list = exceptions[pos] { return list }
        let name = pos.fileSuffix + ".exc"
        var list: [String: [String]] = [:]
        for (number, line) in try WordNetFile.contents(name, in: directory).split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let terms = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }).map { String(decoding: $0, as: UTF8.self) }
            guard let inflected = terms.first else { continue }
            guard terms.count >= 2 else {
                throw WordNetError.malformed(file: WordNetFile.path(name, in: directory), location: "line \(number + 1)",
                                             reason: "'\(inflected)' has no base form")
            }
            list[inflected] = Array(terms.dropFirst())
        }
        exceptions[pos] = list
        return list
    }

    /// The lemma names of the synset at byte `offset` of `data.<pos>`, read once then cached.
    private func lemmaNames(_ pos: PartOfSpeech, offset: Int) throws -> [String] {
        if let names = synsetCache[pos]?[offset] { return names }
        let name = "data." + pos.fileSuffix
        let line = try dataLine(pos, offset: offset)
        let names = try WordNetSynsetLine.lemmaNames(line, offset: offset, file: WordNetFile.path(name, in: directory))
        synsetCache[pos, default: [:]][offset] = names
        return names
    }

    private func dataLine(_ pos: PartOfSpeech, offset: Int) throws -> [UInt8] {
        let name = "data." + pos.fileSuffix
        let handle: FileHandle
        if let open = dataFiles[pos] {
            handle = open
        } else {
            handle = try WordNetFile.open(name, in: directory)
            dataFiles[pos] = handle
        }
        var line: [UInt8] = []
        do {
            try handle.seek(toOffset: UInt64(offset))
            while line.count < WordNetLimits.maxDataLineBytes {
                guard let chunk = try handle.read(upToCount: WordNetLimits.dataReadChunkBytes), !chunk.isEmpty else { break }
                if let newline = chunk.firstIndex(of: 0x0A) {
                    line.append(contentsOf: chunk[chunk.startIndex..<newline])
                    return line
                }
                line.append(contentsOf: chunk)
            }
        } catch {
            throw WordNetError.malformed(file: WordNetFile.path(name, in: directory), location: "byte offset \(offset)",
                                         reason: "cannot read the synset line: \(error.localizedDescription)")
        }
        if line.count >= WordNetLimits.maxDataLineBytes {
            throw WordNetError.malformed(file: WordNetFile.path(name, in: directory), location: "byte offset \(offset)",
                                         reason: "the synset line is longer than \(WordNetLimits.maxDataLineBytes) bytes")
        }
        return line
    }
}
