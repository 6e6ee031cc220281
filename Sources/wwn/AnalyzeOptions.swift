import ArgumentParser
import Foundation
import WWSpectral

/// What `wwn analyze` was asked to do (``AnalyzeCommandLine`` reads it from the arguments). WeightWatcher's keyword names become `--kebab-case`
/// flags (`min_evals` is `--min-evals`), so a user can carry a Python call over by eye.
struct AnalyzeArguments {
    var paths: [String] = []
    var csvPath: String?
    var jsonPath: String?
    var options = AnalysisOptions()
    /// `--base-model`: every model is analysed as its difference from this one.
    var baseModelPath: String?
    /// Print where the time went and the peak memory on standard error.
    var showsTimings = false

    /// `--layers 1,2,3`, `--layers -4`, `--layers dense`, `--layers -lm_head,-pooler`: the items
    /// of WeightWatcher's `layers=[...]`, comma-separated (whole numbers are ids).
    static func layerSelection(_ text: String) throws -> LayerSelection {
        let items: [LayerSelection.Item] = text.split(separator: ",").map { part in
            let item = part.trimmingCharacters(in: .whitespaces)
            if let id = Int(item) { return .id(id) }
            return .name(item)
        }
        guard !items.isEmpty else { throw ValidationError("'--layers' needs ids or names separated by commas") }
        do { return try LayerSelection(items: items) } catch let error as SpectralError {
            throw ValidationError("'--layers': \(error)")
        }
    }
}

/// Limits of `wwn analyze`, each with its reason.
enum AnalyzeLimits {
    /// `--jobs` above this is surely a typo; each job holds a layer in memory.
    static let maxJobs = 256
    /// Columns of the text table printed without `--csv`/`--json`: the ones people look at
    /// first; the files hold every column.
    static let textColumns = ["model", "layer_id", "ww_layer_id", "name", "N", "M", "alpha", "Lambda", "D", "xmin", "lambda_max",
                              "alpha_weighted", "log_norm", "num_pl_spikes", "num_fingers", "num_spikes",
                              "sigma_mp", "mp_softrank", "rand_distance", "warning"]
    /// Widest text cell (a model path) in the printed table: paths are long but must stay readable.
    static let textPathWidth = 80
    /// Largest existing output read back for a rerun (a results table, not a data set).
    static let maxExistingOutputBytes = 256 << 20
}
