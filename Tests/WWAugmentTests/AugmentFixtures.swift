import Foundation
@testable import WWAugment

/// The fixtures tools/make-augment-fixtures.py writes from torchvision, found from this file so
/// tests run from any directory.
enum AugmentFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("augment")

    struct ImageEntry: Decodable {
        let name: String
        let shape: [Int]
        let offset: Int
    }

    struct Case: Decodable {
        let image: String
        let op: String
        let magnitude: Double?
        let interpolation: String
        let offset: Int
    }

    struct Index: Decodable {
        let images: [ImageEntry]
        let cases: [Case]
    }

    static func load() throws -> (images: [String: Image], cases: [(Case, Image)]) {
        let index = try JSONDecoder().decode(Index.self, from: Data(contentsOf: directory.appendingPathComponent("ops.json")))
        let imageBytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("images.bin")))
        let outputBytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("outputs.bin")))
        var images: [String: Image] = [:]
        for entry in index.images {
            let count = entry.shape.reduce(1, *)
            images[entry.name] = try Image(channels: entry.shape[0], height: entry.shape[1], width: entry.shape[2],
                                           pixels: Array(imageBytes[entry.offset..<(entry.offset + count)]))
        }
        let cases = try index.cases.map { c -> (Case, Image) in
            guard let input = images[c.image] else { throw AugmentError.invalidImage("fixture image \(c.image) missing") }
            let count = input.pixels.count
            let expected = try Image(channels: input.channels, height: input.height, width: input.width,
                                     pixels: Array(outputBytes[c.offset..<(c.offset + count)]))
            return (c, expected)
        }
        return (images, cases)
    }

    /// Magnitude bins per policy and image size: op name -> (values, signed).
    /// (JSONDecoder, not JSONSerialization, which rounds some doubles in the last bit.)
    static func magnitudes() throws -> [String: [String: [Double]]] {
        let data = try Data(contentsOf: directory.appendingPathComponent("magnitudes.json"))
        return try JSONDecoder().decode([String: [String: MagnitudeEntry]].self, from: data).mapValues { $0.mapValues(\.values) }
    }

    /// `[values, signed]` as the fixture script writes it.
    struct MagnitudeEntry: Decodable {
        let values: [Double]
        init(from decoder: Decoder) throws {
            var container = try decoder.unkeyedContainer()
            values = try container.decode([Double].self)
        }
    }

    struct Statistic: Decodable {
        let mean: Double
        let std: Double
    }

    struct Quantile: Decodable {
        let level: Double
        let value: Double
        let at_or_below: Double
    }

    /// One policy on one image: the named statistics and the change quantiles.
    struct ImageStatistics: Decodable {
        let statistics: [String: Statistic]
        let quantiles: [Quantile]

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            var statistics: [String: Statistic] = [:]
            var quantiles: [Quantile] = []
            for key in container.allKeys {
                if key.stringValue == "change_quantiles" {
                    quantiles = try container.decode([Quantile].self, forKey: key)
                } else {
                    statistics[key.stringValue] = try container.decode(Statistic.self, forKey: key)
                }
            }
            self.statistics = statistics
            self.quantiles = quantiles
        }
    }

    struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    struct PolicyStatistics: Decodable {
        let runs: Int
        let large_change_threshold: Double
        let images: [String]
        let policies: [String: [String: ImageStatistics]]
    }

    static func policyStatistics() throws -> PolicyStatistics {
        try JSONDecoder().decode(PolicyStatistics.self, from: Data(contentsOf: directory.appendingPathComponent("policies.json")))
    }
}

extension AugmentFixtures {
    /// One field of a `[op, p, bin]` entry: a name or a number.
    enum PolicyField: Decodable {
        case text(String)
        case number(Double)
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { self = .text(text) } else { self = .number(try container.decode(Double.self)) }
        }
    }
}
