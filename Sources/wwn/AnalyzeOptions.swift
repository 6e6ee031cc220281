import Foundation
import WWSpectral

/// The flags of `wwn analyze`, parsed. WeightWatcher's keyword names become `--kebab-case`
/// flags (`min_evals` is `--min-evals`), so a user can carry a Python call over by eye.
struct AnalyzeArguments {
    var paths: [String] = []
    var csvPath: String?
    var jsonPath: String?
    var options = AnalysisOptions()
    /// Print where the time went and the peak memory on standard error.
    var showsTimings = false

    static let usage = """
        wwn analyze PATH... [--csv FILE] [--json FILE] [--fix-fingers clip_xmax|xmin_peak] [--mp-fit]
                    [--jobs N] [--min-evals N] [--max-evals N] [--max-N N] [--layers LIST] [--order ORDER]
                    [--method WWFit|powerlaw] [--randomize] [--seed N] [--no-conv2d-norm] [--unpooled]
                    [--timings]
        """

    static let help = """
        usage: \(usage.trimmingCharacters(in: .whitespaces))

        Analyses every dense and conv2d layer of each model file (safetensors, .pt/.bin, .npy/.npz, a
        sharded index) or directory of them, as WeightWatcher 0.7.7's analyze() does, and prints one
        table: one row per layer per model, the model's path in the first column ('model').
        A directory is one model when it holds an index of shards, a config.json, a single model
        file or files named *-NNNNN-of-NNNNN.*; otherwise (a folder of checkpoints) each model file
        and each sub-directory holding a model is a model of its own, and a rerun with --csv/--json
        analyses only the entries added since.

          --csv FILE, --json FILE   write the whole table (every column) to FILE instead of printing a
                                    summary; a rerun with the same FILE keeps its rows and skips the
                                    models already in it. A FILE that is not such a table is never
                                    replaced (exit 73). JSON is a list of records (pandas orient=records).
          --fix-fingers MODE        clip_xmax or xmin_peak (WeightWatcher's fix_fingers)
          --mp-fit                  also fit the Marchenko-Pastur law (num_spikes, sigma_mp, ...)
          --randomize               also compare with the shuffled weights (rand_distance, ...)
          --seed N                  seed of the shuffles of --randomize (default 0)
          --method NAME             the power-law fitter: WWFit (default) or powerlaw
          --min-evals N, --max-evals N, --max-N N
                                    WeightWatcher's layer filters (defaults 8, 15000, 50000; 0 = no max)
          --layers LIST             comma-separated ids and names: 3,4 keeps ids, -2 drops id 2,
                                    dense/conv2d keep a type, -name drops a layer
          --order ORDER             the order layers are numbered in: auto (module order where the
                                    file keeps it, natural name order for safetensors), file,
                                    natural, or comma-separated layer names to put first.
                                    layer_id is WeightWatcher's state-dict id in that order;
                                    ww_layer_id is WeightWatcher's id for this kind of input
          --no-conv2d-norm          do not scale convolution matrices (conv2d_norm=False)
          --unpooled                one row per kernel position of a convolution (pool=False)
          --jobs N                  layers analysed at once (default: one per core); large layers
                                    still run one at a time to bound memory
          --timings                 print where the time went and the peak memory (stderr)

        Exit status: 0 done, 64 usage, 65 a model file could not be read (named; the other models are
        still analysed and written), 66 a PATH does not exist, 73 an output file is not an analyze
        table, 74 an output cannot be written, 130 interrupted (the models finished are written).
        """

    /// Parses the arguments after `analyze`; the error is a usage message.
    static func parse(_ args: [String]) -> Result<AnalyzeArguments, UsageFailure> {
        var parsed = AnalyzeArguments()
        var i = 0
        func value(_ flag: String) throws -> String {
            guard i + 1 < args.count else { throw UsageFailure("'\(flag)' needs a value") }
            i += 1
            return args[i]
        }
        func integer(_ flag: String, _ range: ClosedRange<Int>) throws -> Int {
            let text = try value(flag)
            guard let n = Int(text), range.contains(n) else {
                throw UsageFailure("'\(flag)' needs a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
            }
            return n
        }
        do {
            while i < args.count {
                let arg = args[i]
                switch arg {
                case "--csv": parsed.csvPath = try value(arg)
                case "--json": parsed.jsonPath = try value(arg)
                case "--fix-fingers":
                    let text = try value(arg)
                    guard let fix = FingerFix(rawValue: text), fix != .none else {
                        throw UsageFailure("'--fix-fingers' must be clip_xmax or xmin_peak, got '\(text)'")
                    }
                    parsed.options.powerLaw.fingerFix = fix
                case "--mp-fit": parsed.options.mpFit = true
                case "--randomize": parsed.options.randomize = true
                case "--no-conv2d-norm": parsed.options.conv2dNorm = false
                case "--unpooled": parsed.options.pool = false
                case "--timings": parsed.showsTimings = true
                case "--jobs", "-j": parsed.options.parallelism = try integer(arg, 1...AnalyzeLimits.maxJobs)
                case "--min-evals": parsed.options.minEigenvalues = try integer(arg, 0...Int(Int32.max))
                case "--max-evals": parsed.options.maxEigenvalues = try integer(arg, 0...Int(Int32.max))
                case "--max-N", "--max-n": parsed.options.maxN = try integer(arg, 1...Int(Int32.max))
                case "--seed": parsed.options.seed = UInt64(try integer(arg, 0...Int(Int32.max)))
                case "--method":
                    let name = try value(arg)
                    guard let method = PowerLawMethod.named(name) else {
                        throw UsageFailure("'--method' must be one of \(PowerLawMethod.available.map(\.name).joined(separator: ", ")), got '\(name)'")
                    }
                    parsed.options.powerLaw.method = method
                case "--layers":
                    parsed.options.selection = try layerSelection(try value(arg))
                case "--order":
                    let text = try value(arg)
                    let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    guard let order = LayerOrder(keyword: text) ?? (names.isEmpty ? nil : .names(names)) else {
                        throw UsageFailure("'--order' needs auto, file, natural or comma-separated layer names")
                    }
                    parsed.options.order = order
                default:
                    if arg.hasPrefix("-") && arg != "-" { throw UsageFailure("unknown option '\(arg)' for 'wwn analyze'") }
                    // A path given twice is analysed once (its rows would repeat).
                    if !parsed.paths.contains(arg) { parsed.paths.append(arg) }
                }
                i += 1
            }
        } catch let failure as UsageFailure {
            return .failure(failure)
        } catch {
            return .failure(UsageFailure("\(error)"))
        }
        if parsed.paths.isEmpty { return .failure(UsageFailure("'wwn analyze' needs at least one model file or directory")) }
        if let csv = parsed.csvPath, let json = parsed.jsonPath, csv == json {
            return .failure(UsageFailure("'--csv' and '--json' name the same file '\(csv)'"))
        }
        return .success(parsed)
    }

    /// `--layers 1,2,3`, `--layers -4`, `--layers dense`, `--layers -lm_head,-pooler`: the items
    /// of WeightWatcher's `layers=[...]`, comma-separated (whole numbers are ids).
    static func layerSelection(_ text: String) throws -> LayerSelection {
        let items: [LayerSelection.Item] = text.split(separator: ",").map { part in
            let item = part.trimmingCharacters(in: .whitespaces)
            if let id = Int(item) { return .id(id) }
            return .name(item)
        }
        guard !items.isEmpty else { throw UsageFailure("'--layers' needs ids or names separated by commas") }
        do { return try LayerSelection(items: items) } catch let error as SpectralError {
            throw UsageFailure("'--layers': \(error)")
        }
    }
}

/// A command-line mistake: the message is shown above the usage text, exit 64.
struct UsageFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Limits of `wwn analyze`, each with its reason.
enum AnalyzeLimits {
    /// `--jobs` above this is surely a typo; each job holds a layer in memory.
    static let maxJobs = 256
    /// Columns of the text table printed without `--csv`/`--json`: the ones people look at
    /// first; the files hold every column.
    static let textColumns = ["model", "layer_id", "ww_layer_id", "name", "N", "M", "alpha", "D", "xmin", "lambda_max",
                              "alpha_weighted", "log_norm", "num_pl_spikes", "num_fingers", "num_spikes",
                              "sigma_mp", "mp_softrank", "rand_distance", "warning"]
    /// Widest text cell (a model path) in the printed table: paths are long but must stay readable.
    static let textPathWidth = 80
    /// Largest existing output read back for a rerun (a results table, not a data set).
    static let maxExistingOutputBytes = 256 << 20
}
