import XCTest
import WWNumerics
@testable import WWAugment

/// Every op against torchvision's `_apply_op` on the fixture images: exact byte equality.
final class OpParityTests: XCTestCase {
    static let fixtures = Result { try AugmentFixtures.load() }

    func check(_ ops: Set<String>, file: StaticString = #filePath, line: UInt = #line) throws {
        let (images, cases) = try Self.fixtures.get()
        var checked = 0
        for (c, expected) in cases where ops.contains(c.op) {
            guard let kind = ImageOpKind(rawValue: c.op), let input = images[c.image] else {
                XCTFail("unknown fixture op \(c.op)", file: file, line: line)
                continue
            }
            let op = try ImageOp(kind, magnitude: c.magnitude ?? 0, interpolation: Interpolation(rawValue: c.interpolation) ?? .nearest)
            var output = input
            op.apply(to: &output)
            let differing = zip(output.pixels, expected.pixels).enumerated().filter { $0.element.0 != $0.element.1 }
            if !differing.isEmpty {
                let first = differing.prefix(3).map { "#\($0.offset): \($0.element.0) vs \($0.element.1)" }.joined(separator: ", ")
                XCTFail("\(c.op) \(c.magnitude.map { "\($0)" } ?? "") \(c.interpolation) on \(c.image): \(differing.count) bytes differ (\(first))", file: file, line: line)
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 0, "no fixture cases for \(ops)", file: file, line: line)
    }

    func testEnhanceOpsMatchTorchvision() throws {
        try check(["brightness", "color", "contrast", "sharpness"])
    }

    func testBitOpsMatchTorchvision() throws {
        try check(["posterize", "solarize", "invert"])
    }

    func testHistogramOpsMatchTorchvision() throws {
        try check(["autocontrast", "equalize"])
    }

    func testShearMatchesTorchvision() throws {
        try check(["shear_x", "shear_y"])
    }

    func testTranslateMatchesTorchvision() throws {
        try check(["translate_x", "translate_y"])
    }

    func testRotateMatchesTorchvision() throws {
        try check(["rotate"])
    }

    func testMagnitudeBinsMatchTorchLinspace() throws {
        let tables = try AugmentFixtures.magnitudes()
        XCTAssertFalse(tables.isEmpty)
        func compare(_ key: String, _ space: [OpRange], bins: Int, width: Int, height: Int) {
            guard let table = tables[key] else { return XCTFail("no magnitudes for \(key)") }
            for range in space {
                let name = torchName(range.kind)
                guard let expected = table[name] else { XCTFail("\(key): torchvision has no \(name)"); continue }
                XCTAssertEqual(expected.count > 1, range.kind.takesMagnitude, "\(key) \(name) magnitudes")
                for bin in 0..<bins where expected.count > 1 {
                    XCTAssertEqual(range.magnitude(bin: bin, of: bins, width: width, height: height), expected[bin], "\(key) \(name) bin \(bin)")
                }
            }
            XCTAssertEqual(Set(space.map { torchName($0.kind) }), Set(table.keys), key)
        }
        for (h, w) in [(32, 32), (20, 28)] {
            compare("autoaugment \(h)x\(w)", OpRange.autoAugmentSpace, bins: 10, width: w, height: h)
            compare("randaugment \(h)x\(w)", OpRange.randAugmentSpace, bins: 31, width: w, height: h)
            compare("augmix \(h)x\(w)", OpRange.augMixSpace(allOps: true), bins: 10, width: w, height: h)
        }
        compare("trivialaugment", OpRange.trivialAugmentSpace, bins: 31, width: 32, height: 32)
    }

    private func torchName(_ kind: ImageOpKind) -> String {
        switch kind {
        case .identity: return "Identity"
        case .brightness: return "Brightness"
        case .color: return "Color"
        case .contrast: return "Contrast"
        case .sharpness: return "Sharpness"
        case .posterize: return "Posterize"
        case .solarize: return "Solarize"
        case .invert: return "Invert"
        case .autocontrast: return "AutoContrast"
        case .equalize: return "Equalize"
        case .shearX: return "ShearX"
        case .shearY: return "ShearY"
        case .translateX: return "TranslateX"
        case .translateY: return "TranslateY"
        case .rotate: return "Rotate"
        }
    }
}

/// The CIFAR-10 policy table against torchvision's own list.
final class AutoAugmentTableTests: XCTestCase {
    func testSubPoliciesMatchTorchvision() throws {
        let data = try Data(contentsOf: AugmentFixtures.directory.appendingPathComponent("autoaugment-cifar10.json"))
        let table = try JSONDecoder().decode([[[AugmentFixtures.PolicyField]]].self, from: data)
        XCTAssertEqual(table.count, AutoAugment.cifar10.count)
        let torchNames: [String: ImageOpKind] = [
            "ShearX": .shearX, "ShearY": .shearY, "TranslateX": .translateX, "TranslateY": .translateY, "Rotate": .rotate,
            "Brightness": .brightness, "Color": .color, "Contrast": .contrast, "Sharpness": .sharpness,
            "Posterize": .posterize, "Solarize": .solarize, "AutoContrast": .autocontrast, "Equalize": .equalize, "Invert": .invert,
        ]
        for (index, (pair, ours)) in zip(table, AutoAugment.cifar10).enumerated() {
            for (step, mine) in zip(pair, [ours.0, ours.1]) {
                guard step.count == 3, case .text(let name) = step[0], case .number(let p) = step[1], case .number(let bin) = step[2] else {
                    XCTFail("sub-policy \(index): bad fixture entry")
                    continue
                }
                XCTAssertEqual(torchNames[name], mine.range.kind, "sub-policy \(index + 1)")
                XCTAssertEqual(p, mine.probability, "sub-policy \(index + 1) \(name)")
                if bin >= 0 { XCTAssertEqual(Int(bin), mine.bin, "sub-policy \(index + 1) \(name)") }
                XCTAssertEqual(bin >= 0, mine.range.kind.takesMagnitude, "sub-policy \(index + 1) \(name)")
            }
        }
    }
}

/// AugMix's float32 mix against torchvision's arithmetic, with fixed weights and chains.
final class AugMixMixTests: XCTestCase {
    struct MixCase: Decodable {
        let image: String
        let m: [Double]
        let weights: [Double]
        let chains: [[[AugmentFixtures.PolicyField]]]
        let output: [UInt8]
    }

    func testMixOfFixedChainsMatchesTorchvision() throws {
        let data = try Data(contentsOf: AugmentFixtures.directory.appendingPathComponent("augmix-mix.json"))
        let cases = try JSONDecoder().decode([MixCase].self, from: data)
        let images = try OpParityTests.fixtures.get().images
        let names: [String: ImageOpKind] = ["Rotate": .rotate, "ShearX": .shearX, "Solarize": .solarize, "Equalize": .equalize,
                                            "TranslateY": .translateY, "Posterize": .posterize]
        XCTAssertEqual(cases.count, 2)
        for c in cases {
            guard let image = images[c.image] else { return XCTFail("no image \(c.image)") }
            let chains = try c.chains.map { chain -> Image in
                var augmented = image
                for step in chain {
                    guard case .text(let name) = step[0], case .number(let magnitude) = step[1], let kind = names[name] else {
                        throw AugmentError.invalidImage("bad chain step")
                    }
                    try ImageOp(kind, magnitude: magnitude, interpolation: .bilinear).apply(to: &augmented)
                }
                return augmented
            }
            let mixed = AugMix.mix(image, chains: chains, m: (c.m[0], c.m[1]), weights: c.weights)
            XCTAssertEqual(mixed.pixels, c.output, c.image)
        }
    }
}
