import Foundation

/// A BPE model of `tokenizer.json` (`model.type` "BPE"): the vocabulary, the ranked merges, and
/// how a word (one pre-tokenised piece) becomes ids, as HF `tokenizers`' `Word::merge_all`
/// does it: the word's characters (the last with `end_of_word_suffix`, the others after the
/// first with `continuing_subword_prefix`), then the adjacent pair of lowest merge rank merged,
/// leftmost first, until no pair has a merge.
struct BytePairModel: Sendable {
    /// Most merges read: GPT-2 has 50,000 and CLIP 48,894; each pair is a dictionary entry.
    static let maxMerges = 1_000_000

    let vocabulary: [String: Int]
    /// For a pair of ids, its merge's rank (lower merges first) and the id of the merged token.
    let merges: [Pair: (rank: Int, id: Int)]
    let unknownID: Int?
    let fusesUnknown: Bool
    let prefix: String
    let suffix: String
    /// When true, a word found whole in the vocabulary is one token without merging.
    let ignoresMerges: Bool

    struct Pair: Hashable {
        let left: Int
        let right: Int
    }

    /// Reads the `model` object of `tokenizer.json`.
    /// - Throws: through `fail`, naming what is missing or inconsistent: dropout, byte fallback,
    ///   a merge of unknown tokens or one whose result is not in the vocabulary, too many merges.
    init(_ model: [String: Any], fail: (String) -> NeuralError) throws {
        if let dropout = model["dropout"], !(dropout is NSNull) {
            throw fail("its BPE model has dropout \(dropout); only BPE without dropout (null) is read, since dropout makes tokenisation random")
        }
        if model["byte_fallback"] as? Bool == true { throw fail("its BPE model uses byte_fallback, which is not supported") }
        vocabulary = try readVocabulary(model["vocab"], model: "BPE", fail: fail)
        prefix = model["continuing_subword_prefix"] as? String ?? ""
        suffix = model["end_of_word_suffix"] as? String ?? ""
        fusesUnknown = model["fuse_unk"] as? Bool ?? false
        ignoresMerges = model["ignore_merges"] as? Bool ?? false
        if let unknown = model["unk_token"] as? String {
            guard let id = vocabulary[unknown] else { throw fail("its unknown token '\(unknown)' is not in the vocabulary") }
            unknownID = id
        } else {
            unknownID = nil
        }
        guard let rawMerges = model["merges"] as? [Any] else { throw fail("its BPE model has no 'merges' list") }
        guard rawMerges.count <= Self.maxMerges else {
            throw fail("its BPE model has \(rawMerges.count) merges, more than the limit of \(Self.maxMerges)")
        }
        var merges: [Pair: (rank: Int, id: Int)] = [:]
        merges.reserveCapacity(rawMerges.count)
        for (rank, entry) in rawMerges.enumerated() {
            let parts: [String]
            if let line = entry as? String {
                parts = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            } else if let pair = entry as? [Any] {
                parts = pair.compactMap { $0 as? String }
                guard parts.count == pair.count else { throw fail("merge \(rank) is not a pair of strings") }
            } else {
                throw fail("merge \(rank) is neither \"a b\" nor [a, b]")
            }
            guard parts.count == 2 else { throw fail("merge \(rank) (\(entry)) is not a pair of tokens") }
            guard let left = vocabulary[parts[0]], let right = vocabulary[parts[1]] else {
                let missing = vocabulary[parts[0]] == nil ? parts[0] : parts[1]
                throw fail("merge \(rank) ('\(parts[0])' '\(parts[1])') names '\(missing)', which is not in the vocabulary")
            }
            let joined = parts[0] + parts[1].dropFirst(parts[1].hasPrefix(prefix) ? prefix.count : 0)
            guard let id = vocabulary[joined] else {
                throw fail("merge \(rank) ('\(parts[0])' '\(parts[1])') makes '\(joined)', which is not in the vocabulary")
            }
            merges[Pair(left: left, right: right)] = (rank, id)
        }
        self.merges = merges
    }

    /// The ids of one word (a pre-tokenised piece spelled in the model's alphabet).
    func appendIDs(of word: String, to ids: inout [Int]) {
        if ignoresMerges, let id = vocabulary[word] {
            ids.append(id)
            return
        }
        var symbols = initialSymbols(of: word)
        mergeAll(&symbols)
        ids += symbols.lazy.filter { $0.alive }.map(\.id)
    }

    /// A symbol of the word being merged: its id and its neighbours (a linked list over the
    /// array, as tokenizers keeps it, so that a merge is O(1)).
    struct Symbol {
        var id: Int
        var previous: Int
        var next: Int
        var alive = true
    }

    /// One id per character (Unicode scalar, as Rust's `chars`); a character outside the vocabulary is the unknown token
    /// (consecutive ones fused into one when `fuse_unk`), or dropped when there is none.
    private func initialSymbols(of word: String) -> [Symbol] {
        var ids: [Int] = []
        let characters = Array(word.unicodeScalars)
        var lastWasUnknown = false
        for (index, character) in characters.enumerated() {
            var piece = String(Character(character))
            if index > 0 { piece = prefix + piece }
            if index == characters.count - 1 { piece += suffix }
            if let id = vocabulary[piece] {
                ids.append(id)
                lastWasUnknown = false
            } else if let unknownID {
                if !(fusesUnknown && lastWasUnknown) { ids.append(unknownID) }
                lastWasUnknown = true
            }
        }
        return ids.enumerated().map { Symbol(id: $1, previous: $0 - 1, next: $0 + 1 < ids.count ? $0 + 1 : -1) }
    }

    /// Merges pairs by rank, lowest first and leftmost among equals, with a heap of candidate
    /// merges whose stale entries are skipped (tokenizers' `merge_all` without dropout):
    /// O(n log n) in the word's length, so a word of 100,000 characters does not stall.
    private func mergeAll(_ symbols: inout [Symbol]) {
        var queue = MergeQueue()
        for index in symbols.indices.dropLast() {
            if let merge = merges[Pair(left: symbols[index].id, right: symbols[index + 1].id)] {
                queue.push(.init(rank: merge.rank, position: index, id: merge.id))
            }
        }
        while let top = queue.pop() {
            let position = top.position
            guard symbols[position].alive, symbols[position].next >= 0 else { continue }
            let nextPosition = symbols[position].next
            let right = symbols[nextPosition]
            guard let merge = merges[Pair(left: symbols[position].id, right: right.id)], merge.id == top.id else { continue }
            symbols[position].id = top.id
            symbols[position].next = right.next
            symbols[nextPosition].alive = false
            if right.next >= 0 { symbols[right.next].previous = position }
            let current = symbols[position]
            if current.previous >= 0,
               let merge = merges[Pair(left: symbols[current.previous].id, right: current.id)] {
                queue.push(.init(rank: merge.rank, position: current.previous, id: merge.id))
            }
            if current.next >= 0, let merge = merges[Pair(left: current.id, right: symbols[current.next].id)] {
                queue.push(.init(rank: merge.rank, position: position, id: merge.id))
            }
        }
    }
}
