import WWData
import WWInterpreter
import WWNeural
import WWNumerics
import WWTables

/// The network forms of the evaluation built-ins: `ece(model, data)`, `nll(model, data)`, ...
/// run the network on the data (evaluation mode, dropout off) and hand its outputs to the
/// matrix forms' metrics, so a network and its logits give the same numbers.
extension Registry {
    func defineNetworkEvaluation() {
        define("layer_metrics(model, data, layers = nil, rtol = nil) -> table", category: "Evaluation",
               doc: "The representation of `data` after each layer of a network, one row per layer: `layer` (the i of `layers.i`; -1 is the input), `name`, `type`, `shape` (of one sample), `frobenius` (the Frobenius norm of the whole samples × features matrix, which grows with the number of samples), `mean_norm` (the mean over samples of each sample's Euclidean norm, comparable across data sets and widths), `numerical_rank` (singular values above max(n, d)·eps·σ_max of the float32 matrix, as numpy.linalg.matrix_rank, or above `rtol`·σ_max) and `effective_rank` (Roy and Vetterli). `layers` lists the indices to measure; by default every layer except Dropout and Flatten, whose outputs repeat the layer before at evaluation.") { call in
            let model = try call.network("model"), data = try call.datasetOrRecord("data", labelled: false)
            let layers = try layerIndices(&call, "layers", model: model)
            let rtol = try call.optionalNumber("rtol")
            let rows = try model.representationMetrics(for: data, layers: layers, tolerance: rtol.map { .relative($0) } ?? .matrixRankDefault)
            return .table(TableObject(DataTable(records: rows.map { row in
                [("layer", .number(Double(row.layer))), ("name", .string(row.name)), ("type", .string(row.typeName)),
                 ("shape", .string(row.shape.map(String.init).joined(separator: "×"))), ("frobenius", .number(row.frobeniusNorm)),
                 ("mean_norm", .number(row.meanSampleNorm)), ("numerical_rank", .number(Double(row.numericalRank))),
                 ("effective_rank", .number(row.effectiveRank))]
            })))
        }
        define("probe_layers(model, train, test, shifted = nil, layers = nil, l2 = 0.0001) -> table", category: "Evaluation",
               doc: "Linear probes on a network's representations: for each layer (indices in `layers`, -1 the input; by default every layer except Dropout and Flatten) a probe is trained on the representation of `train` as linear_probe() does, and scored on `test` and on `shifted` (an out-of-distribution copy, e.g. `test.corrupt(\"noise\", 0.3)`). One row per layer: `layer`, `name`, `type`, `features`, `train_accuracy`, `test_accuracy`, `shifted_accuracy` (nil without `shifted`) and `converged`.") { call in
            let model = try call.network("model")
            let train = try call.datasetOrRecord("train"), test = try call.datasetOrRecord("test")
            let shifted = (try call.isNil("shifted")) ? nil : try call.datasetOrRecord("shifted")
            let layers = try layerIndices(&call, "layers", model: model)
            let options = LinearProbeOptions(l2: try call.number("l2"))
            let rows = try model.probeLayers(train: train, test: test, shifted: shifted, layers: layers, options: options,
                                      cancellation: .interrupt)
            return .table(TableObject(DataTable(records: rows.map { row in
                [("layer", .number(Double(row.layer))), ("name", .string(row.name)), ("type", .string(row.typeName)),
                 ("features", .number(Double(row.featureCount))), ("train_accuracy", .number(row.report.trainAccuracy)),
                 ("test_accuracy", .number(row.report.testAccuracy)),
                 ("shifted_accuracy", row.report.shiftedAccuracy.map(Cell.number) ?? .null),
                 ("converged", .bool(row.report.converged))]
            })))
        }
    }
}

/// The network and data of an evaluation built-in called as `f(model, data, ...)`, or nil when
/// its first argument is not a network (the matrix form).
func networkAndData(_ call: BuiltinCall, network: String, data: String, labelled: Bool = true) throws -> (Network, Dataset)? {
    guard case .object(let object as NetworkObject) = try call.value(network) else { return nil }
    return (object.network, try call.datasetOrRecord(data, labelled: labelled))
}

/// Arguments the matrix form takes that make no sense with a network (`neural_collapse`'s
/// classifier, which the network provides).
func rejectWithNetwork(_ call: BuiltinCall, _ names: [String]) throws {
    for name in names where try !call.isNil(name) {
        throw BuiltinError("argument '\(name)' is taken from the network when the first argument is one; leave it out")
    }
}

/// Layer indices for the per-layer tables: nil (the default), or whole numbers from -1 (the input).
private func layerIndices(_ call: inout BuiltinCall, _ name: String, model: Network) throws -> [Int]? {
    if try call.value(name).isNil { return nil }
    let indices = try call.integers(name, allowEmpty: false, minimum: -1)
    if let bad = indices.first(where: { $0 >= model.layers.count }) {
        throw BuiltinError("argument 'layers' names layer \(bad), but \(model.name) has layers 0 to \(model.layers.count - 1) (and -1, the input)")
    }
    return indices
}
