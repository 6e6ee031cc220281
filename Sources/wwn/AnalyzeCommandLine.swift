import ArgumentParser
import Foundation
import WWSpectral

/// `wwn analyze PATH... [options]`: the arguments. WeightWatcher's keyword names become
/// `--kebab-case` flags (`min_evals` is `--min-evals`), so a user can carry a Python call over
/// by eye; ``AnalyzeCommand`` does the work.
struct AnalyzeCommandLine: ExecutableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "WeightWatcher's details table for model files or directories, one row per layer per model.",
        discussion: """
            Analyses every dense and conv2d layer of each model file (safetensors, .pt/.bin, .npy/.npz, GGUF, Keras \
            .h5/.keras, ONNX, a sharded index) or directory of them, as WeightWatcher 0.7.7's analyze() does, and prints one table: one row per \
            layer per model, the model's path in the first column ('model'). A directory is one model when it holds an index of shards, a config.json, a single model file or files named *-NNNNN-of-NNNNN.*; otherwise (a folder of checkpoints) each model file and each sub-directory holding a model is a model of its own, and a rerun with --csv/--json analyses only the entries added since. At a terminal the table fits its width, \
            keeping model, name, N, M, alpha, D, log_norm, ... first.

            Exit status: 0 done, 64 usage, 65 a model file could not be read (named; the other models are still \
            analysed and written), 66 a PATH does not exist, 73 an output file is not an analyze table, 74 an output \
            cannot be written, 130 interrupted (the models and layers finished are written; a rerun resumes).
            """)

    @ArgumentParser.Argument(help: "Model files or directories.")
    var paths: [String] = []

    @Option(help: ArgumentHelp("Write the whole table (every column) to FILE instead of printing a summary; a rerun with the same FILE keeps its rows, skips the models already in it and finishes an interrupted one (only its missing layers are analysed). A FILE that is not such a table is never replaced (exit 73).", valueName: "FILE"))
    var csv: String?

    @Option(help: ArgumentHelp("The same as JSON, a list of records (pandas orient=records).", valueName: "FILE"))
    var json: String?

    @Option(help: ArgumentHelp("clip_xmax or xmin_peak (WeightWatcher's fix_fingers).", valueName: "MODE"))
    var fixFingers: String?

    @Flag(help: "Also fit the Marchenko-Pastur law (num_spikes, sigma_mp, ...).")
    var mpFit = false

    @Flag(help: "Also compare with the shuffled weights (rand_distance, ...).")
    var randomize = false

    @Option(help: "Seed of the shuffles of --randomize.")
    var seed: Int = 0

    @Option(help: ArgumentHelp("The power-law fitter: WWFit (default) or powerlaw.", valueName: "NAME"))
    var method: String?

    @Option(help: ArgumentHelp("The law fitted to the tail: PL (default), TPL (truncated power law, adds Lambda) or E_TPL (TPL with xmin_peak), WeightWatcher's fit.", valueName: "LAW"))
    var fit: String?

    @Option(help: "WeightWatcher's min_evals.")
    var minEvals: Int?

    @Option(help: "WeightWatcher's max_evals (0 = no maximum).")
    var maxEvals: Int?

    @Option(name: [.customLong("max-N"), .customLong("max-n")], help: "WeightWatcher's max_N.")
    var maxN: Int?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Comma-separated ids and names: 3,4 keeps ids, -2 drops id 2, dense/conv2d keep a type, -name drops a layer.", valueName: "LIST"))
    var layers: String?

    @Option(help: ArgumentHelp("The order layers are numbered in: auto (module order where the file keeps it, natural name order for safetensors), file, natural, or comma-separated layer names to put first. layer_id is WeightWatcher's state-dict id in that order; ww_layer_id is WeightWatcher's id for this kind of input.", valueName: "ORDER"))
    var order: String?

    @Option(help: ArgumentHelp("Analyse each layer as W - W_base, with BASE a model file or directory of the same architecture (WeightWatcher's base_model).", valueName: "BASE"))
    var baseModel: String?

    @Option(help: ArgumentHelp("LoRA adapters: 'adapters' analyses each pair as its update B·A and skips the other layers (peft=True); 'with_base' also analyses W + B·A and the other layers.", valueName: "MODE"))
    var peft: String?

    @Flag(help: "Analyse each fused q, k, v tensor (GPT-2 c_attn, in_proj_weight, qkv, query_key_value) as three layers q, k, v.")
    var splitQKV = false

    @Option(help: ArgumentHelp("Also analyse each attention head's circuits W_Qᵀ W_K (qk) and W_O W_V (ov), N heads per block.", valueName: "N"))
    var heads: Int?

    @Flag(help: "Do not scale convolution matrices (conv2d_norm=False).")
    var noConv2dNorm = false

    @Flag(help: "One row per kernel position of a convolution (pool=False).")
    var unpooled = false

    @Option(name: [.customShort("j"), .long], help: "Layers analysed at once (default: one per core); large layers still run one at a time to bound memory.")
    var jobs: Int?

    @Flag(help: "Print where the time went and the peak memory (standard error).")
    var timings = false

    func validate() throws {
        _ = try arguments()
    }

    func execute() -> Int32 {
        // Checked in validate().
        guard let arguments = try? arguments() else { return ExitCode.validationFailure.rawValue }
        return AnalyzeCommand(arguments: arguments).execute()
    }

    /// The arguments as ``AnalyzeCommand`` takes them, or the usage error.
    func arguments() throws -> AnalyzeArguments {
        var parsed = AnalyzeArguments()
        func check(_ value: Int?, _ flag: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let value else { return nil }
            guard range.contains(value) else {
                throw ValidationError("'\(flag)' needs a whole number in \(range.lowerBound)...\(range.upperBound), got '\(value)'")
            }
            return value
        }
        // A path given twice is analysed once (its rows would repeat).
        for path in paths where !parsed.paths.contains(path) { parsed.paths.append(path) }
        if parsed.paths.isEmpty { throw ValidationError("'wwn analyze' needs at least one model file or directory") }
        parsed.csvPath = csv
        parsed.jsonPath = json
        if let csv, let json, csv == json { throw ValidationError("'--csv' and '--json' name the same file '\(csv)'") }
        if let fixFingers {
            guard let fix = FingerFix(rawValue: fixFingers), fix != .none else {
                throw ValidationError("'--fix-fingers' must be clip_xmax or xmin_peak, got '\(fixFingers)'")
            }
            parsed.options.powerLaw.fingerFix = fix
        }
        parsed.options.mpFit = mpFit
        parsed.options.randomize = randomize
        parsed.options.conv2dNorm = !noConv2dNorm
        parsed.options.pool = !unpooled
        parsed.showsTimings = timings
        if let jobs = try check(jobs, "--jobs", 1...AnalyzeLimits.maxJobs) { parsed.options.parallelism = jobs }
        if let n = try check(minEvals, "--min-evals", 0...Int(Int32.max)) { parsed.options.minEigenvalues = n }
        if let n = try check(maxEvals, "--max-evals", 0...Int(Int32.max)) { parsed.options.maxEigenvalues = n }
        if let n = try check(maxN, "--max-N", 1...Int(Int32.max)) { parsed.options.maxN = n }
        if let n = try check(seed, "--seed", 0...Int(Int32.max)) { parsed.options.seed = UInt64(n) }
        parsed.options.splitQKV = splitQKV
        parsed.options.heads = try check(heads, "--heads", 1...SpectralLimits.maxAttentionHeads)
        if let method {
            guard let fitter = PowerLawMethod.named(method) else {
                throw ValidationError("'--method' must be one of \(PowerLawMethod.available.map(\.name).joined(separator: ", ")), got '\(method)'")
            }
            parsed.options.powerLaw.method = fitter
        }
        if let fit {
            // WeightWatcher's names: E_TPL is TPL with the xmin_peak finger fix.
            let extended = fit == "E_TPL"
            guard let law = extended ? .truncatedPowerLaw : TailLaw(rawValue: fit) else {
                throw ValidationError("'--fit' must be PL, TPL or E_TPL, got '\(fit)'")
            }
            if law == .truncatedPowerLaw && parsed.options.powerLaw.fingerFix == .clipXmax {
                throw ValidationError("'--fit \(fit)' cannot be combined with '--fix-fingers clip_xmax' (which refits a power law)")
            }
            parsed.options.powerLaw.law = law
            if extended { parsed.options.powerLaw.fingerFix = .xminPeak }
        }
        if let peft {
            switch peft {
            case "adapters", "true": parsed.options.peft = .adapters
            case PeftMode.withBase.rawValue: parsed.options.peft = .withBase
            default: throw ValidationError("'--peft' must be adapters or with_base, got '\(peft)'")
            }
        }
        if let baseModel {
            guard !baseModel.isEmpty else { throw ValidationError("'--base-model' needs a model file or directory") }
            parsed.baseModelPath = baseModel
        }
        if let layers { parsed.options.selection = try AnalyzeArguments.layerSelection(layers) }
        if let order {
            let names = order.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard let chosen = LayerOrder(keyword: order) ?? (names.isEmpty ? nil : .names(names)) else {
                throw ValidationError("'--order' needs auto, file, natural or comma-separated layer names")
            }
            parsed.options.order = chosen
        }
        return parsed
    }
}
