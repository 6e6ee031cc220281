import Foundation
import XCTest
@testable import WWData

/// The Parquet reader against pyarrow: `Tests/Fixtures/parquet`, written by
/// tools/make-parquet-fixtures.py, with `expected.json` holding every row as pyarrow reads it
/// and the classes by load_text's sorted rule.
final class ParquetFixtureTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/parquet")

    struct Expected: Decodable {
        struct Row: Decodable {
            let text: String?
            let label: Label?
        }
        /// A label as pyarrow gives it: a string, a whole number or a boolean.
        enum Label: Decodable, Equatable {
            case text(String)
            case number(Int64)
            case flag(Bool)
            init(from decoder: Decoder) throws {
                let value = try decoder.singleValueContainer()
                if let flag = try? value.decode(Bool.self) {
                    self = .flag(flag)
                } else if let number = try? value.decode(Int64.self) {
                    self = .number(number)
                } else {
                    self = .text(try value.decode(String.self))
                }
            }
            var string: String {
                switch self {
                case .text(let text): return text
                case .number(let number): return String(number)
                case .flag(let flag): return flag ? "true" : "false"
                }
            }
        }
        let rows: [Row]
        let text: String
        let label: String
        let classes: [String]?
        let y: [Int]?
    }

    static func expected() throws -> [String: Expected] {
        try JSONDecoder().decode([String: Expected].self, from: Data(contentsOf: fixtures.appendingPathComponent("expected.json")))
    }

    func testEveryRowOfEveryFileMatchesPyarrow() throws {
        let expected = try Self.expected()
        var checked = 0
        for (name, file) in expected.sorted(by: { $0.key < $1.key }) {
            guard let classes = file.classes, let y = file.y else { continue }
            let path = Self.fixtures.appendingPathComponent(name).path
            // No layout: the .parquet extension chooses it.
            let data = try Dataset.text(path: path, textColumn: file.text, labelColumn: file.label, features: .none)
            XCTAssertEqual(data.texts ?? [], file.rows.map { $0.text ?? "<null>" }, name)
            XCTAssertEqual(data.classNames, classes, name)
            XCTAssertEqual(data.labels, y, name)
            let examples = try ParquetText.examples(Array(try Data(contentsOf: URL(fileURLWithPath: path))), path: path,
                                                    textField: file.text, labelField: file.label)
            XCTAssertEqual(examples.map(\.label), file.rows.map { $0.label?.string ?? "<null>" }, name)
            XCTAssertEqual(examples.map(\.row), Array(1...file.rows.count), name)
            checked += 1
        }
        // 16 reviews files (4 codecs x dictionary or not x page v1/v2) and 5 others.
        XCTAssertEqual(checked, 21)
    }

    func testFixturesCoverEveryCodecPageKindAndEncoding() throws {
        var codecs = Set<Int>(), kinds = Set<Int>(), encodings = Set<Int>()
        var fallbackEncodings = Set<Int>()
        for name in try Self.expected().keys {
            let bytes = Array(try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
            let footer = try ParquetFooter(bytes, path: name)
            for group in footer.rowGroups {
                for chunk in group.columns {
                    codecs.insert(chunk.codec)
                    var position = chunk.start
                    var chunkEncodings = Set<Int>()
                    while position < chunk.start + chunk.compressedBytes {
                        let (header, body) = try ParquetPageHeader.read(bytes, from: position, to: footer.metadataStart)
                        kinds.insert(header.kind?.rawValue ?? -1)
                        if header.kind != .dictionaryPage { chunkEncodings.insert(header.encoding) }
                        position = body + header.compressedSize
                    }
                    encodings.formUnion(chunkEncodings)
                    if name == "fallback.parquet", chunkEncodings.count > 1 { fallbackEncodings = chunkEncodings }
                }
            }
        }
        XCTAssertEqual(codecs, [0, 1, 2, 6])  // none, snappy, gzip, zstd
        XCTAssertEqual(kinds, [0, 2, 3])  // data v1, dictionary, data v2
        XCTAssertEqual(encodings, [0, 3, 8])  // PLAIN, RLE (booleans in v2 pages), RLE_DICTIONARY
        // pyarrow fell back from the dictionary to PLAIN inside one column chunk.
        XCTAssertEqual(fallbackEncodings, [0, 8])
    }

    func testNullsAndFieldErrorsNameTheFile() throws {
        let withNull = Self.fixtures.appendingPathComponent("with-null.parquet").path
        XCTAssertThrowsMessage(try Dataset.text(path: withNull, features: .none), contains: [withNull, "row 3:", "\"text\" is null"])
        let topics = Self.fixtures.appendingPathComponent("topics-string-labels.parquet").path
        XCTAssertThrowsMessage(try Dataset.text(path: topics, features: .none),
                               contains: [topics, "no field \"text\"", "its fields: tags, id, label, body", "text:"])
        XCTAssertThrowsMessage(try Dataset.text(path: topics, textColumn: "id", features: .none), contains: [topics, "\"id\" holds int32, not strings"])
        XCTAssertThrowsMessage(try Dataset.text(path: topics, textColumn: "body", labelColumn: "tags", features: .none),
                               contains: [topics, "\"tags\" is a nested or repeated column"])
    }

    func testLayoutByNameForAnyExtension() throws {
        let directory = try TestDirectory()
        let source = Self.fixtures.appendingPathComponent("reviews-zstd-dict-v2.parquet")
        let path = try directory.write("reviews.data", Array(try Data(contentsOf: source)))
        let data = try Dataset.text(path: path, layout: .parquet, features: .hashed(dimensions: 8, ngrams: 1))
        XCTAssertEqual(data.count, 40)
        XCTAssertEqual(data.features.shape, [40, 8])
        // Without the layout the extension says tab-separated lines, which Parquet is not.
        XCTAssertThrowsError(try Dataset.text(path: path, features: .none))
    }
}
