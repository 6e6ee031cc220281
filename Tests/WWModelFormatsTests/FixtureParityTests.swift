import Foundation
@testable import WWModelFormats
import WWNumerics
import XCTest

/// Every fixture written by the reference tools reads back with the same names, in the same
/// order, with the same shapes, stored types and values (exactly: every float16, bfloat16 and
/// float32 value is a double, and JSON carries doubles exactly).
final class FixtureParityTests: XCTestCase {
    static let expected = Result { try ExpectedFixtures.load() }

    private func check(_ name: String, path: String? = nil, format: ModelFormat, line: UInt = #line) throws {
        let expected = try XCTUnwrap(try Self.expected.get().files[name], "expected.json has no \(name)", line: line)
        XCTAssertFalse(expected.tensors.isEmpty, line: line)
        let model = try ModelFile.open(path ?? fixture(name))
        XCTAssertEqual(model.format, format, line: line)
        XCTAssertEqual(model.weights.map(\.name), expected.tensors.map(\.name), "tensor order of \(name)", line: line)
        for entry in expected.tensors {
            guard let info = model.weights.first(where: { $0.name == entry.name }) else { continue }
            XCTAssertEqual(info.shape, entry.shape, "\(name): shape of \(entry.name)", line: line)
            XCTAssertEqual(info.storageType, entry.dtype, "\(name): dtype of \(entry.name)", line: line)
            guard let values = entry.values else { continue }
            let tensor = try model.tensor(named: entry.name)
            XCTAssertEqual(tensor.shape, entry.shape, line: line)
            XCTAssertEqual(tensor.elementType, entry.dtype == "F64" ? .float64 : .float32, "\(name): \(entry.name)", line: line)
            XCTAssertEqual(tensor.doubleValues, values, "\(name): values of \(entry.name)", line: line)
        }
        if let metadata = expected.metadata {
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: model.metadata.map { ($0.key, $0.value) }), metadata, line: line)
        }
    }

    func testSafetensorsOfEveryFloatType() throws {
        for name in ["f32.safetensors", "f16.safetensors", "bf16.safetensors", "f64.safetensors"] {
            try check(name, format: .safetensors)
        }
    }

    /// Integer tensors are listed and read as float64 (IntegerTensorTests checks the values);
    /// the analysis never takes them for layers (LayerCatalog).
    func testSafetensorsIntegerTensorsAreListedAndReadAsFloat64() throws {
        try check("mixed.safetensors", format: .safetensors)
        let model = try ModelFile.open(fixture("mixed.safetensors"))
        for name in ["num_batches_tracked", "mask"] {
            XCTAssertEqual(try model.tensor(named: name).elementType, .float64, name)
        }
    }

    func testShardedCheckpointFollowsTheIndexOrder() throws {
        try check("sharded", path: fixture("sharded"), format: .sharded)
        try check("sharded", path: fixture("sharded/model.safetensors.index.json"), format: .sharded)
    }

    func testNumpyArrays() throws {
        for name in ["array_f4.npy", "array_f8.npy", "array_f2.npy", "version2.npy", "version3.npy"] {
            try check(name, format: .numpy)
        }
        try check("ints.npy", format: .numpy)
    }

    func testFortranOrderArrayIsReadInRowMajorOrder() throws {
        try check("fortran.npy", format: .numpy)
    }

    func testNpzStoredAndDeflated() throws {
        try check("arrays.npz", format: .numpyArchive)
        try check("compressed.npz", format: .numpyArchive)
    }

    func testPyTorchCheckpointWithNestedDictsViewsAndHalfTypes() throws {
        try check("checkpoint.pt", format: .pytorch)
        let model = try ModelFile.open(fixture("checkpoint.pt"))
        // The view has a storage offset and transposed strides; its values prove they were honoured.
        XCTAssertEqual(model.weights.first { $0.name == "state_dict.view" }?.shape, [3, 4])
    }

    func testPyTorchModuleStateDict() throws {
        try check("sequential.pth", format: .pytorch)
    }

    func testDirectoryOfFilesPrefixesClashingNames() throws {
        try check("directory", path: fixture("directory"), format: .directory)
    }
}
