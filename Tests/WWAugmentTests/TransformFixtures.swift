import Foundation
@testable import WWAugment

/// Tests/Fixtures/augment-transforms/transforms.json, written by
/// tools/make-augment-transform-fixtures.py from torchvision 0.29.2.
struct TransformFixture: Decodable {
    struct StoredImage: Decodable {
        let shape: [Int]
        let pixels: [Int]
        var image: Image {
            get throws { try Image(channels: shape[0], height: shape[1], width: shape[2], pixels: pixels.map { UInt8($0) }) }
        }
    }
    struct FlipCase: Decodable { let image: String; let horizontal: [Int]; let vertical: [Int] }
    struct CropCase: Decodable { let image: String; let padding, top, left, height, width: Int; let output: [Int] }
    struct ResizedCropCase: Decodable {
        let image: String
        let top, left, box_height, box_width, height, width: Int
        let float: [Int]
        let native: [Int]
    }
    struct ElasticCase: Decodable {
        let image: String
        let alpha, sigma: Double
        let dx, dy: [Float]
        let output: [Int]
        let raw_dx, raw_dy, blurred_dx, blurred_dy: [Float]?
    }
    struct EraseCase: Decodable { let image: String; let top, left, height, width, value: Int; let output: [Int] }
    struct AdjustCase: Decodable { let image: String; let op: String; let factor: Double; let output: [Int] }
    struct Probe: Decodable { let x, le, lt: Double }
    struct Quantiles: Decodable { let n: Int; let probes: [Probe] }
    struct Rate: Decodable { let n: Int; let fraction: Double }
    struct Counts: Decodable { let n: Int; let counts: [Int] }
    struct Distributions: Decodable {
        let rrc_area, rrc_log_ratio, erasing_area, erasing_log_ratio: Quantiles
        let erasing_no_box, erasing_applied: Rate
        let jitter_brightness, jitter_contrast, jitter_saturation, jitter_hue: Quantiles
        let jitter_first: Counts
        let mixup_lambda_1, cutmix_area_1: Quantiles
        let mixup_lambda_04, cutmix_area_04: Quantiles

        enum CodingKeys: String, CodingKey {
            case rrc_area, rrc_log_ratio, erasing_area, erasing_log_ratio, erasing_no_box, erasing_applied
            case jitter_brightness, jitter_contrast, jitter_saturation, jitter_hue, jitter_first
            case mixup_lambda_1, cutmix_area_1
            case mixup_lambda_04 = "mixup_lambda_0.4", cutmix_area_04 = "cutmix_area_0.4"
        }
    }

    let images: [String: StoredImage]
    let flips: [FlipCase]
    let crops: [CropCase]
    let resized_crops: [ResizedCropCase]
    let elastic: [ElasticCase]
    let erase: [EraseCase]
    let adjust: [AdjustCase]
    let distributions: Distributions

    static let shared: TransformFixture? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/augment-transforms/transforms.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(TransformFixture.self, from: data)
    }()

    static func load() throws -> TransformFixture {
        guard let fixture = shared else { throw AugmentError.invalidImage("cannot read or decode Fixtures/augment-transforms/transforms.json") }
        return fixture
    }

    func image(_ name: String) throws -> Image {
        guard let stored = images[name] else { throw AugmentError.invalidImage("no fixture image \(name)") }
        return try stored.image
    }
}

extension Image {
    var ints: [Int] { pixels.map(Int.init) }
}

/// Number of positions where two byte arrays differ, and the largest difference.
func differences(_ a: [Int], _ b: [Int]) -> (count: Int, largest: Int) {
    var count = 0, largest = 0
    for (x, y) in zip(a, b) where x != y {
        count += 1
        largest = max(largest, abs(x - y))
    }
    return (count + abs(a.count - b.count), largest)
}
