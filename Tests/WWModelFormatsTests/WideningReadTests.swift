import WWModelFormats
import WWNumerics
import XCTest

/// `float64Tensor(named:)` (the spectral analysis's read) gives exactly the values of
/// `tensor(named:)` widened, for every stored float type and layout.
final class WideningReadTests: XCTestCase {
    func testWideningReadEqualsReadThenWiden() throws {
        for file in ["f16.safetensors", "bf16.safetensors", "f32.safetensors", "f64.safetensors", "fortran.npy",
                     "array_f2.npy", "checkpoint.pt", "sequential.pth"] {
            let model = try ModelFile.open(fixture(file))
            for info in model.weights {
                guard let narrow = try? model.tensor(named: info.name) else { continue }
                let wide = try model.float64Tensor(named: info.name)
                XCTAssertEqual(wide.elementType, .float64, "\(file) \(info.name)")
                XCTAssertEqual(wide.shape, narrow.shape, "\(file) \(info.name)")
                XCTAssertEqual(wide.doubleValues.map(\.bitPattern), narrow.doubleValues.map(\.bitPattern), "\(file) \(info.name)")
            }
        }
    }

    func testWideningReadNamesAMissingTensor() throws {
        let model = try ModelFile.open(fixture("f32.safetensors"))
        XCTAssertThrowsError(try model.float64Tensor(named: "no.such.tensor")) { error in
            XCTAssertTrue("\(error)".contains("has no tensor named 'no.such.tensor'"), "\(error)")
        }
    }
}
