import Foundation
import XCTest

/// The EDA/WordNet parity fixtures written by tools/make-eda-fixtures.py (NLTK 3.10 on the
/// same Debian WordNet 3.0 files the reader uses).
enum TextFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("eda")

    static func json<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: directory.appendingPathComponent(name)))
    }

}

/// A throwaway directory for WordNet files a test writes; removed afterwards.
final class TextTestDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("wordnet-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path).appendingPathComponent(name))
    }

    /// A tiny, well-formed WordNet: "dog" (noun) in one synset with "domestic_dog" and
    /// "Canis_familiaris", "quick(a)" an adjective, and empty files for the rest.
    func writeMiniature() throws {
        let license = "  1 This software and database is being provided to you, the LICENSEE\n"
        let dogLine = "00000000 05 n 03 dog 0 domestic_dog 0 Canis_familiaris 0 000 | a member of the genus Canis\n"
        try write("index.noun", license + "dog n 1 0 1 0 \(offsetText(license.utf8.count))\n")
        try write("data.noun", license + dogLine.replacingOccurrences(of: "00000000", with: offsetText(license.utf8.count)))
        let quickLine = "00000000 00 a 02 quick(a) 0 speedy 0 000 | fast\n"
        try write("index.adj", "quick a 1 0 1 0 00000000\n")
        try write("data.adj", quickLine)
        for name in ["index.verb", "index.adv", "data.verb", "data.adv", "noun.exc", "verb.exc", "adj.exc", "adv.exc"] {
            try write(name, "")
        }
    }

    func offsetText(_ offset: Int) -> String {
        String(repeating: "0", count: 8 - String(offset).count) + String(offset)
    }
}
