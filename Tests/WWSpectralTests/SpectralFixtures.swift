import Foundation
import WWNumerics
import WWSpectral
import WWTables
import XCTest

/// The committed WeightWatcher 0.7.7 fixtures (tools/make-spectral-fixtures.py): raw float32
/// tensors and WeightWatcher's outputs as JSON. Read directly, without the model-format loaders.
enum SpectralFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/spectral")

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SpectralError.invalidInput(reason: "\(name) is not a JSON object")
        }
        return object
    }

    static func tensor(file: String, shape: [Int]) throws -> Tensor {
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        let values: [Float] = data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
        return try Tensor(shape: shape, values: values)
    }

    /// The fixture tensors of one group ("matrices" or "model") as a collection, in file order.
    static func collection(_ group: String) throws -> NamedTensors {
        let manifest = try json("matrices.json")
        let items = manifest[group] as? [[String: Any]] ?? []
        let collection = NamedTensors(source: group)
        for item in items {
            guard let name = item["name"] as? String, let shape = item["shape"] as? [Int], let file = item["file"] as? String else { continue }
            collection.set(name, try tensor(file: file, shape: shape))
        }
        return collection
    }

    /// One WeightWatcher run: its details rows keyed by layer name (plus ":slice" unpooled).
    struct Run {
        var rows: [String: [String: Any]]
        var summary: [String: Double]
        var eigenvalues: [String: [Double]]
        var options: [String: Any]
    }

    static func run(_ label: String) throws -> Run {
        let runs = try json("ww-runs.json")
        guard let run = runs[label] as? [String: Any], let details = run["details"] as? [[String: Any]] else {
            throw SpectralError.invalidInput(reason: "ww-runs.json has no run \(label)")
        }
        var rows: [String: [String: Any]] = [:]
        for row in details {
            let name = row["name"] as? String ?? ""
            let key = row["slice_id"].map { "\(name):\($0)" } ?? name
            rows[key] = row
        }
        let summary = (run["summary"] as? [String: Any] ?? [:]).compactMapValues { $0 as? Double }
        let eigenvalues = (run["eigenvalues"] as? [String: Any] ?? [:]).compactMapValues { $0 as? [Double] }
        return Run(rows: rows, summary: summary, eigenvalues: eigenvalues, options: run["options"] as? [String: Any] ?? [:])
    }
}

/// Relative error with a floor for values near zero.
func relativeError(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    return abs(a - b) / max(abs(b), 1e-300)
}

/// Tracks the largest relative error per metric so the parity test can print a report.
final class ParityLedger {
    private(set) var worst: [String: (error: Double, layer: String)] = [:]

    func record(_ metric: String, _ layer: String, ours: Double, theirs: Double, tolerance: Double,
                file: StaticString = #filePath, line: UInt = #line) {
        let error = relativeError(ours, theirs)
        if error > (worst[metric]?.error ?? -1) { worst[metric] = (error, layer) }
        XCTAssertLessThanOrEqual(error, tolerance, "\(metric) of \(layer): wwn \(ours), WeightWatcher \(theirs)", file: file, line: line)
    }

    var report: String {
        worst.keys.sorted().map { String(format: "%@ %.2e (%@)", $0, worst[$0]!.error, worst[$0]!.layer) }.joined(separator: "\n")
    }
}

/// A JSON number as Double (JSONSerialization gives Int for integral literals on Linux).
func jsonNumber(_ value: Any?) -> Double? {
    switch value {
    case let x as Double: return x
    case let x as Int: return Double(x)
    case let x as NSNumber: return x.doubleValue
    default: return nil
    }
}

/// Columns of a details table and the relative error each group may have.
typealias ColumnTolerances = [(columns: [String], tolerance: Double)]

extension XCTestCase {
    /// Reference rows (by layer name) from a JSON fixture of WeightWatcher's details: the file's
    /// `run` entry, a list of rows.
    func referenceRows(_ file: URL, run: String) throws -> [String: [String: Any]] {
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let rows = try XCTUnwrap(json[run] as? [[String: Any]], "\(file.lastPathComponent) has no run \(run)")
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in (row["name"] as? String).map { ($0, row) } })
    }

    /// Every reference row's listed columns against wwn's row of the same name, recorded in
    /// `ledger`; the same layers must be analysed.
    func compareRows(_ ours: [String: [String: Cell]], _ theirs: [String: [String: Any]], run: String,
                     tolerances: ColumnTolerances, ledger: ParityLedger,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(ours.keys), Set(theirs.keys), "\(run): analysed layers differ", file: file, line: line)
        for (name, reference) in theirs {
            guard let mine = ours[name] else { continue }
            for (columns, tolerance) in tolerances {
                for column in columns {
                    guard let value = jsonNumber(reference[column]) else { continue }
                    guard let own = mine[column]?.numberValue else { XCTFail("\(run) \(name): no \(column)", file: file, line: line); continue }
                    ledger.record("\(run).\(column)", name, ours: own, theirs: value, tolerance: tolerance, file: file, line: line)
                }
            }
        }
    }
}
