import XCTest
@testable import WWAugment

/// The deterministic cores against torchvision's bytes.
final class TransformParityTests: XCTestCase {
    func testFlipsMatchTorchvision() throws {
        let fixture = try TransformFixture.load()
        for test in fixture.flips {
            let image = try fixture.image(test.image)
            XCTAssertEqual(Flip.flipped(image, .horizontal).ints, test.horizontal, test.image)
            XCTAssertEqual(Flip.flipped(image, .vertical).ints, test.vertical, test.image)
        }
    }

    func testPaddedCropsMatchTorchvision() throws {
        let fixture = try TransformFixture.load()
        for test in fixture.crops {
            let output = RandomCrop.paddedCrop(try fixture.image(test.image), padding: test.padding, top: test.top, left: test.left,
                                               height: test.height, width: test.width)
            XCTAssertEqual(output.ints, test.output, "\(test.image) at \(test.top), \(test.left)")
        }
    }

    func testResizedCropsMatchBothOfTorchvisionsPathsExactly() throws {
        let fixture = try TransformFixture.load()
        XCTAssertEqual(fixture.resized_crops.count, 8)
        var differing = 0
        for test in fixture.resized_crops {
            let image = try fixture.image(test.image)
            let label = "\(test.image) box \(test.box_height)x\(test.box_width) -> \(test.height)x\(test.width)"
            let native = RandomResizedCrop.resizedCrop(image, top: test.top, left: test.left, boxHeight: test.box_height,
                                                       boxWidth: test.box_width, height: test.height, width: test.width,
                                                       path: .fixedPoint)
            XCTAssertEqual(differences(native.ints, test.native).count, 0, label)
            let float = RandomResizedCrop.resizedCrop(image, top: test.top, left: test.left, boxHeight: test.box_height,
                                                      boxWidth: test.box_width, height: test.height, width: test.width)
            XCTAssertEqual(differences(float.ints, test.float).count, 0, label)
            let between = differences(test.native, test.float)
            XCTAssertLessThanOrEqual(between.largest, 1, label)
            differing += between.count
        }
        XCTAssertGreaterThan(differing, 0, "the fixtures should tell the two paths apart")
    }

    func testDisplacementBlurMatchesTorchvision() throws {
        let fixture = try TransformFixture.load()
        var checked = 0
        for test in fixture.elastic {
            guard let rawX = test.raw_dx, let rawY = test.raw_dy, let blurX = test.blurred_dx, let blurY = test.blurred_dy else { continue }
            let image = try fixture.image(test.image)
            for (raw, expected) in [(rawX, blurX), (rawY, blurY)] {
                let blurred = test.sigma > 0 ? ElasticTransform.blurred(raw, height: image.height, width: image.width, sigma: test.sigma) : raw
                let worst = zip(blurred, expected).map { abs($0 - $1) }.max() ?? 0
                XCTAssertLessThanOrEqual(worst, 1e-6, "sigma \(test.sigma)")
                // The scaled displacement is (blur * alpha) / size in float32.
                checked += 1
            }
            let scaledX = blurX.map { $0 * Float(test.alpha) / Float(image.width) }
            XCTAssertEqual(scaledX, test.dx)
        }
        XCTAssertEqual(checked, 6)
    }

    func testElasticWithAGivenDisplacementMatchesTorchvision() throws {
        let fixture = try TransformFixture.load()
        for test in fixture.elastic {
            let output = ElasticTransform.displaced(try fixture.image(test.image), dx: test.dx, dy: test.dy)
            XCTAssertEqual(differences(output.ints, test.output).count, 0, "\(test.image) alpha \(test.alpha) sigma \(test.sigma)")
        }
    }

    func testEraseMatchesTorchvision() throws {
        let fixture = try TransformFixture.load()
        for test in fixture.erase {
            let output = RandomErasing.erased(try fixture.image(test.image), top: test.top, left: test.left,
                                              height: test.height, width: test.width) { UInt8(test.value) }
            XCTAssertEqual(output.ints, test.output)
        }
    }

    func testColourAdjustmentsMatchTorchvision() throws {
        let fixture = try TransformFixture.load()
        var counts: [String: Int] = [:]
        for test in fixture.adjust {
            let image = try fixture.image(test.image)
            var output: Image
            switch test.op {
            case "brightness": output = image; PixelOps.brightness(&output, factor: test.factor)
            case "contrast": output = image; PixelOps.contrast(&output, factor: test.factor)
            case "saturation": output = image; PixelOps.color(&output, factor: test.factor)
            default: output = ColorAdjust.hue(image, factor: test.factor)
            }
            let diff = differences(output.ints, test.output)
            XCTAssertEqual(diff.count, 0, "\(test.op) \(test.factor) on \(test.image): \(diff.count) bytes differ, by up to \(diff.largest)")
            counts[test.op, default: 0] += 1
        }
        XCTAssertEqual(counts, ["brightness": 12, "contrast": 14, "saturation": 8, "hue": 11])
    }
}
