import XCTest
import WWNumerics
@testable import WWAugment

/// Properties of EDA's four operations and of eda() on the real WordNet.
final class EDAOperationTests: XCTestCase {
    let eda = EDA(wordNet: WordNet.shared(directory: WordNet.defaultDirectory))
    let sentence = "the quick brown fox jumps over the lazy dog while the happy children watch the movie"
    var words: [String] { sentence.split(separator: " ").map(String.init) }

    func testRandomSwapKeepsTheMultisetOfWords() {
        var random = SeededRandom(seed: 1)
        for count in [1, 3, 10] {
            let swapped = EDA.randomSwap(words, count: count, random: &random)
            XCTAssertEqual(swapped.sorted(), words.sorted())
            XCTAssertNotEqual(swapped, words, "\(count) swaps of 16 words left them in place")
        }
        XCTAssertEqual(EDA.randomSwap(["alone"], count: 3, random: &random), ["alone"])
    }

    func testRandomDeletionKeepsEachWordWithProbabilityOneMinusP() {
        var random = SeededRandom(seed: 2)
        let runs = 4000
        for p in [0.1, 0.5] {
            var kept = 0
            for _ in 0..<runs {
                let result = EDA.randomDeletion(words, probability: p, random: &random)
                XCTAssertFalse(result.isEmpty)
                kept += result.count
            }
            let rate = Double(kept) / Double(runs * words.count)
            // Binomial standard error of the rate is below 0.002 here; allow five of them.
            XCTAssertEqual(rate, 1 - p, accuracy: 0.01, "p = \(p)")
        }
        XCTAssertEqual(EDA.randomDeletion(["alone"], probability: 1, random: &random), ["alone"])
        for _ in 0..<50 {
            let survivor = EDA.randomDeletion(words, probability: 1, random: &random)
            XCTAssertEqual(survivor.count, 1)
            XCTAssertTrue(words.contains(survivor[0]))
        }
    }

    func testSynonymReplacementReplacesNWordsBySynonyms() throws {
        var random = SeededRandom(seed: 3)
        let distinct = ["quick", "brown", "fox", "lazy", "dog"]
        for n in 1...3 {
            let replaced = try eda.synonymReplacement(distinct, count: n, random: &random)
            let joined = replaced.joined(separator: " ")
            var changed = 0
            var rest = joined
            for word in distinct {
                if rest.hasPrefix(word + " ") || rest == word {
                    rest = String(rest.dropFirst(word.count)).trimmingCharacters(in: .whitespaces)
                    continue
                }
                let synonyms = try eda.wordNet.synonyms(of: word)
                guard let used = synonyms.filter({ rest.hasPrefix($0) }).max(by: { $0.count < $1.count }) else {
                    return XCTFail("\(joined): no synonym of \(word) at '\(rest)'")
                }
                rest = String(rest.dropFirst(used.count)).trimmingCharacters(in: .whitespaces)
                changed += 1
            }
            XCTAssertEqual(changed, n, joined)
        }
    }

    func testSynonymReplacementSkipsStopWords() throws {
        var random = SeededRandom(seed: 4)
        let stops = ["the", "and", "was", "very"]
        XCTAssertEqual(try eda.synonymReplacement(stops, count: 2, random: &random), stops)
    }

    func testRandomInsertionAddsNSynonymsOfWordsInTheSentence() throws {
        var random = SeededRandom(seed: 5)
        let base = ["happy", "dog", "runs"]
        for n in 1...4 {
            let grown = try eda.randomInsertion(base, count: n, random: &random)
            XCTAssertEqual(grown.count, base.count + n)
            var remaining = grown
            for word in base {
                guard let at = remaining.firstIndex(of: word) else { return XCTFail("\(word) lost from \(grown)") }
                remaining.remove(at: at)
            }
            // Each insertion is a synonym of a word present when it was inserted: the original
            // words or an earlier insertion.
            var pool = Set(base)
            var synonymsOfPool = Set<String>()
            for _ in 0..<n {
                for word in pool { synonymsOfPool.formUnion(try eda.wordNet.synonyms(of: word)) }
                pool.formUnion(remaining)
            }
            for inserted in remaining { XCTAssertTrue(synonymsOfPool.contains(inserted), "\(inserted) in \(grown)") }
            // EDA inserts before a random existing position, never after the last word.
            XCTAssertEqual(grown.last, "runs")
        }
        XCTAssertEqual(try eda.randomInsertion(["the", "of"], count: 2, random: &random), ["the", "of"])
    }

    func testOutputCountIsNumAugPlusOneWithTheCleanedOriginalLast() throws {
        var random = SeededRandom(seed: 6)
        for numAug in [1, 4, 9, 16] {
            let output = try eda.augment("The quick, brown fox!", parameters: EDAParameters(numAug: Double(numAug)), random: &random)
            XCTAssertEqual(output.count, numAug + 1)
            XCTAssertEqual(output.last, "the quick brown fox")
            for sentence in output { XCTAssertEqual(sentence, TextCleaning.clean(sentence)) }
        }
    }

    func testFractionalNumAugKeepsEachCandidateWithItsProbability() throws {
        var random = SeededRandom(seed: 7)
        var total = 0
        let runs = 400
        for _ in 0..<runs {
            total += try eda.augment("a quick brown fox", parameters: EDAParameters(numAug: 0.5), random: &random).count - 1
        }
        // Four candidates each kept with probability 0.5 / 4: 0.5 sentences on average.
        XCTAssertEqual(Double(total) / Double(runs), 0.5, accuracy: 0.12)
    }

    func testSameSeedSameOutputDifferentSeedsDiffer() throws {
        var first = SeededRandom(seed: 42)
        var second = SeededRandom(seed: 42)
        var other = SeededRandom(seed: 43)
        let a = try eda.augment(sentence, random: &first)
        XCTAssertEqual(a, try eda.augment(sentence, random: &second))
        XCTAssertNotEqual(a, try eda.augment(sentence, random: &other))
    }

    func testBadParametersAndEmptyTextsAreNamed() {
        var random = SeededRandom(seed: 8)
        for (parameters, name) in [(EDAParameters(alphaSR: -0.1), "alpha_sr"), (EDAParameters(alphaRI: 1.5), "alpha_ri"),
                                   (EDAParameters(alphaRS: .nan), "alpha_rs"), (EDAParameters(pRD: 2), "p_rd"),
                                   (EDAParameters(numAug: -1), "num_aug"), (EDAParameters(numAug: 2.5), "num_aug"),
                                   (EDAParameters(numAug: 5000), "num_aug")] {
            XCTAssertThrowsError(try eda.augment("a fine day", parameters: parameters, random: &random)) { error in
                XCTAssertTrue("\(error)".hasPrefix("argument '\(name)'"), "\(error)")
            }
        }
        XCTAssertThrowsError(try eda.augment("123 !!!", random: &random)) { error in
            XCTAssertTrue("\(error)".contains("no letters a-z"), "\(error)")
        }
    }
}
