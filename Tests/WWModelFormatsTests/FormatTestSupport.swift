import Foundation
@testable import WWModelFormats
import WWNumerics
import XCTest

/// `Tests/Fixtures/formats`, found from this file so tests run from any directory.
let fixtureDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures").appendingPathComponent("formats")

func fixture(_ name: String) -> String { fixtureDirectory.appendingPathComponent(name).path }

/// A fresh directory under the system temporary directory, removed when released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "wwn-formats-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes bytes to a new file in the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }
}

/// A safetensors file from a header text and raw data (the header length is computed, unless given).
func safetensorsBytes(header: String, data: [UInt8], declaredLength: UInt64? = nil) -> [UInt8] {
    let text = Array(header.utf8)
    var length = (declaredLength ?? UInt64(text.count)).littleEndian
    return withUnsafeBytes(of: &length) { Array($0) } + text + data
}

/// Little-endian float32 bytes.
func float32Bytes(_ values: [Float]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

/// Asserts that `body` throws a `ModelFormatError` naming `file` whose message contains every
/// fragment.
func assertFormatError<T>(_ body: @autoclosure () throws -> T, file expectedFile: String, contains fragments: [String],
                          file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an error containing \(fragments)", file: file, line: line)
    } catch let error as ModelFormatError {
        XCTAssertTrue(error.file.hasSuffix(expectedFile), "error names \(error.file), expected \(expectedFile)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(error.message.contains(fragment), "'\(error.message)' lacks '\(fragment)'", file: file, line: line)
        }
    } catch {
        XCTFail("expected a ModelFormatError, got \(error)", file: file, line: line)
    }
}

/// The fixtures' expected.json, written by tools/make-format-fixtures.py from the reference tools.
struct ExpectedFixtures {
    struct TensorEntry {
        let name: String
        let shape: [Int]
        let dtype: String
        let values: [Double]?
    }

    let files: [String: (tensors: [TensorEntry], metadata: [String: String]?)]

    static func load() throws -> ExpectedFixtures {
        let data = try Data(contentsOf: fixtureDirectory.appendingPathComponent("expected.json"))
        let json = try data.withUnsafeBytes { try OrderedJSON.parse($0) }
        guard case .object(let top) = json, case .object(let files)? = top.first(where: { $0.key == "files" })?.value else {
            throw ModelFormatError(file: "expected.json", "unexpected layout")
        }
        var result: [String: (tensors: [TensorEntry], metadata: [String: String]?)] = [:]
        for (name, value) in files {
            guard case .object(let fields) = value, case .array(let tensors)? = fields.first(where: { $0.key == "tensors" })?.value else { continue }
            var metadata: [String: String]?
            if case .object(let pairs)? = fields.first(where: { $0.key == "metadata" })?.value {
                metadata = Dictionary(uniqueKeysWithValues: pairs.compactMap { key, value in
                    if case .string(let s) = value { return (key, s) } else { return nil }
                })
            }
            let entries: [TensorEntry] = tensors.compactMap { entry in
                guard case .object(let f) = entry else { return nil }
                func field(_ key: String) -> OrderedJSON? { f.first(where: { $0.key == key })?.value }
                guard case .string(let name)? = field("name"), case .array(let shape)? = field("shape"),
                      case .string(let dtype)? = field("dtype") else { return nil }
                var values: [Double]?
                if case .array(let items)? = field("values") {
                    values = items.compactMap {
                        switch $0 {
                        case .number(let x): return x
                        case .integer(let n): return Double(n)
                        default: return nil
                        }
                    }
                }
                return TensorEntry(name: name, shape: shape.compactMap { if case .integer(let n) = $0 { return n } else { return nil } },
                                   dtype: dtype, values: values)
            }
            result[name] = (entries, metadata)
        }
        return ExpectedFixtures(files: result)
    }
}

/// Resident set size of this process in bytes (or another /proc/self/status field, e.g. the
/// peak "VmHWM:"), or nil where /proc is missing.
func residentBytes(field: String = "VmRSS:") -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix(field) {
        let digits = line.split(separator: " ").compactMap { Int($0) }
        return digits.first.map { $0 * 1024 }
    }
    return nil
}
