import Foundation
import WWInterpreter
import WWModelFormats
import WWNumerics
import WWSpectral

/// The layer options the editing built-ins share with analyze.
private let editFilterOptions = "layers = nil, order = \"auto\", min_evals = 8, max_evals = 15000, max_N = 50000, layout = nil"

extension Registry {
    /// WeightWatcher's SVDSmoothing and SVDSharpness, written as new safetensors checkpoints.
    func defineSpectralEditing() {
        define("svd_smoothing(model, path, percent = 0.8, method = \"detX\", \(editFilterOptions), overwrite = false) -> table",
               category: "Spectral analysis",
               doc: "WeightWatcher 0.7.7's SVDSmoothing: keeps only the largest components of each selected dense and conv2d layer and writes the whole model, edited, to the safetensors file `path` (never the input's file or directory: that is refused; an existing file is replaced only with `overwrite: true`; the file appears complete or not at all). `method` counts the components kept over each layer's pooled spectrum as analyze computes it: \"detX\" (detX_num, the default), \"rmt\" (num_spikes of the MP fit), \"alpha_min\" (num_pl_spikes), \"auto\" (num_spikes when alpha > 6, else detX_num) or \"svd\" (int(percent * M * rf); a negative `percent`, down to -1, removes that many of the largest instead). A convolution keeps ceil(count / rf) components of each kernel position. Components are kept as WeightWatcher keeps them, by scikit-learn's randomised TruncatedSVD (7 power iterations, random_state 42, drawn exactly), and removed by an exact SVD. `layers` selects by layer_id (WeightWatcher's state-dict id), name or type, as in analyze; biases and other tensors are copied unchanged, F64 tensors stay F64 and other floating types are written as F32. Returns a table, one row per selected layer: layer_id, ww_layer_id, name, tensor, N, M, rf, num_smooth (the count), per_matrix (per kernel position), edited and note (why a selected layer was left as it is).") { call in
            let method = try call.choice("method", of: SmoothingMethod.self)
            let percent = try call.number("percent")
            let options = try call.analysisOptions(fitOptions: false)
            let model = try call.editedModel("model")
            let edited = try call.runAnalysis(source: model.weights.source) { progress in
                try SVDSmoothing.smoothed(model.weights, method: method, percent: percent, options: options, progress: progress, cancellation: .interrupt)
            }
            try call.writeEdited(edited, model)
            return .table(TableObject(edited.table))
        }
        define("svd_sharpness(model, path, seed = nil, \(editFilterOptions), overwrite = false) -> table",
               category: "Spectral analysis",
               doc: "WeightWatcher 0.7.7's SVDSharpness: removes from each selected dense and conv2d layer as many of its largest components as the MP fit finds spikes in the spectrum of its weights shuffled (what survives shuffling is a correlation trap, not learned structure), and writes the whole model to the safetensors file `path`, as svd_smoothing does (the input is never overwritten). The shuffles are NumPy's: `seed: n` gives what `np.random.seed(n)` before WeightWatcher's SVDSharpness gives (default: a draw from the session's random stream). A convolution removes ceil(-spikes / rf) per kernel position, so nothing when it has fewer spikes than kernel positions, as in WeightWatcher. Returns the same table as svd_smoothing (num_smooth is minus the spike count).") { call in
            let seed: UInt32
            if case .nil = try call.value("seed") {
                seed = UInt32(truncatingIfNeeded: call.interpreter.random.next())
            } else {
                seed = UInt32(try call.integer("seed", in: 0...Int(UInt32.max)))
            }
            let options = try call.analysisOptions(fitOptions: false)
            let model = try call.editedModel("model")
            let edited = try call.runAnalysis(source: model.weights.source) { progress in
                try SVDSharpness.sharpened(model.weights, seed: seed, options: options, progress: progress, cancellation: .interrupt)
            }
            try call.writeEdited(edited, model)
            return .table(TableObject(edited.table))
        }
    }
}

/// The model an editing built-in reads: its weights, the file they come from (which the output
/// must not replace) and that file's safetensors metadata, carried over.
struct EditSubject {
    var weights: WeightCollection
    var file: String?
    var metadata: [(key: String, value: String)] = []
}

extension BuiltinCall {
    func editedModel(_ name: String) throws -> EditSubject {
        switch try value(name) {
        case .object(let model as ModelObject): return EditSubject(weights: model.model, file: model.model.path, metadata: model.model.metadata)
        case .object(let weights as WeightsValue): return EditSubject(weights: weights.weightCollection, file: nil)
        default: throw fail(name, expected: "a model (a loaded checkpoint or a network)")
        }
    }

    /// Writes the edited model to `path` (refusing its input file), with `overwrite`.
    func writeEdited(_ edited: EditedWeights, _ model: EditSubject) throws {
        let path = (try string("path") as NSString).expandingTildeInPath
        _ = try SafetensorsWriter.save(edited, to: path, overwrite: try bool("overwrite"), metadata: model.metadata,
                                       inputs: model.file.map { [$0] } ?? [], cancellation: .interrupt)
    }
}
