import Foundation
import WWNumerics

/// The 8x8 handwritten digits bundled in the binary: UCI Optical Recognition of Handwritten
/// Digits (Alpaydin & Kaynak, 1998; CC BY 4.0), the 1797-sample copy scikit-learn ships.
/// Always available, so a study runs end to end without a download.
public enum Digits {
    public static let sampleCount = DigitsData.sampleCount
    /// Pixels count dark cells in 4x4 blocks of a 32x32 bitmap, so they range over 0...16.
    public static let maxPixelCount = 16
    public static let classNames = (0...9).map(String.init)

    /// The raw records: for each sample its label and 64 row-major pixel counts (0...16).
    /// Decoded once per process (a few milliseconds) and kept.
    public static var records: (labels: [Int], pixels: [UInt8]) { decoded }

    private static let decoded: (labels: [Int], pixels: [UInt8]) = {
        // The embedded text is generated and checked by tests; no user input reaches here.
        let bytes = [UInt8](Data(base64Encoded: DigitsData.packedBase64, options: .ignoreUnknownCharacters) ?? Data())
        let codesPerSample = 65
        var labels = [Int](repeating: 0, count: DigitsData.sampleCount)
        var pixels = [UInt8](repeating: 0, count: DigitsData.sampleCount * 64)
        var accumulator: UInt32 = 0
        var bitsHeld = 0
        var byteIndex = 0
        let mask: UInt32 = (1 << UInt32(DigitsData.bitsPerCode)) - 1
        for code in 0..<(DigitsData.sampleCount * codesPerSample) {
            while bitsHeld < DigitsData.bitsPerCode {
                accumulator = (accumulator << 8) | UInt32(byteIndex < bytes.count ? bytes[byteIndex] : 0)
                byteIndex += 1
                bitsHeld += 8
            }
            bitsHeld -= DigitsData.bitsPerCode
            let value = (accumulator >> UInt32(bitsHeld)) & mask
            accumulator &= (1 << UInt32(bitsHeld)) - 1
            let (sample, position) = code.quotientAndRemainder(dividingBy: codesPerSample)
            if position == 0 {
                labels[sample] = Int(value)
            } else {
                pixels[sample * 64 + position - 1] = UInt8(value)
            }
        }
        return (labels, pixels)
    }()

    /// 64-bit FNV-1a over label, pixel0...pixel63 of every record: equals the checksum the
    /// generator computed from the CSV when the embedded data decodes correctly.
    public static func checksum() -> UInt64 {
        let (labels, pixels) = records
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for sample in 0..<labels.count {
            for byte in [UInt8(labels[sample])] + pixels[(sample * 64)..<((sample + 1) * 64)] {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
        }
        return hash
    }

    static var expectedChecksum: UInt64 { DigitsData.checksum }
}

extension Dataset {
    /// The bundled digits as images `[1797, 1, 8, 8]`, pixel counts divided by 16 into [0, 1].
    public static func digits() throws -> Dataset {
        let (labels, pixels) = Digits.records
        let scale = 1 / Float(Digits.maxPixelCount)
        let features = try Tensor(shape: [Digits.sampleCount, 1, 8, 8], values: pixels.map { Float($0) * scale })
        return try Dataset(name: "digits", features: features, labels: labels, classNames: Digits.classNames)
    }
}
