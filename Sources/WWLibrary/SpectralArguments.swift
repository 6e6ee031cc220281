import WWBase
import WWInterpreter
import WWNumerics
import WWSpectral
import WWTables

/// What a spectral built-in was given: a model (any weights value), one tensor, or plain
/// eigenvalues.
enum SpectralSubject {
    case weights(WeightCollection)
    case tensor(Tensor)
    case values([Double])
}

extension BuiltinCall {
    /// The argument of that name, or nil when the built-in has no such parameter (the spectral
    /// built-ins share option names, each declaring the ones it takes) or it is nil.
    func option(_ name: String) throws -> (name: String, value: Value)? {
        guard declares(name) else { return nil }
        let given = try value(name)
        if case .nil = given { return nil }
        return (name, given)
    }

    func spectralSubject(_ name: String, allowValues: Bool) throws -> SpectralSubject {
        switch try value(name) {
        case .object(let weights as WeightsValue): return .weights(weights.weightCollection)
        case .object(let tensor as TensorObject):
            if allowValues && tensor.tensor.rank == 1 { return .values(tensor.tensor.doubleValues) }
            return .tensor(tensor.tensor)
        case .list, .range:
            if allowValues { return .values(try numbers(name)) }
        default: break
        }
        throw fail(name, expected: allowValues ? "a model, a tensor, or a list of eigenvalues" : "a model (weights) or a tensor")
    }

    /// The `base_model` of analyze: nil, or the weights of a model (a network, a loaded file).
    func baseModel() throws -> WeightCollection? {
        guard let (i, value) = try option("base_model") else { return nil }
        guard case .object(let weights as WeightsValue) = value else { throw fail(i, expected: "a model (weights)") }
        return weights.weightCollection
    }

    /// The options `analyze`, `describe`, `esd` and the plot-data built-ins share, read from
    /// whichever of WeightWatcher's keyword names the built-in declares. `fitOptions: false`
    /// leaves the power-law options at their defaults, for a built-in whose `method` means
    /// something else (`svd_smoothing`).
    func analysisOptions(fitOptions: Bool = true) throws -> AnalysisOptions {
        var options = AnalysisOptions()
        if let (i, _) = try option("min_evals") { options.minEigenvalues = try integer(i, in: 0...Int(Int32.max)) }
        if let (i, _) = try option("max_evals") { options.maxEigenvalues = try integer(i, in: 0...Int(Int32.max)) }
        if let (i, _) = try option("max_N") { options.maxN = try integer(i, in: 1...Int(Int32.max)) }
        if let (i, _) = try option("pool") { options.pool = try bool(i) }
        if let (i, _) = try option("conv2d_norm") { options.conv2dNorm = try bool(i) }
        if let (i, _) = try option("mp_fit") { options.mpFit = try bool(i) }
        if let (i, _) = try option("randomize") { options.randomize = try bool(i) }
        if let (i, _) = try option("detX") { options.detX = try bool(i) }
        if let (i, _) = try option("glorot_fix") { options.glorotFix = try bool(i) }
        if let (i, _) = try option("fft") { options.fft = try bool(i) }
        if let (i, _) = try option("intra") { options.intra = try bool(i) }
        if let (i, _) = try option("vectors") { options.vectors = try bool(i) }
        if let (i, _) = try option("sparsify") { options.sparsify = try bool(i) }
        if let (i, _) = try option("split_qkv") { options.splitQKV = try bool(i) }
        if let (i, _) = try option("heads") { options.heads = try integer(i, in: 1...SpectralLimits.maxAttentionHeads) }
        if let (i, _) = try option("layout") {
            let text = try choice(i, [ConvolutionLayout.channelsOutIn.rawValue, ConvolutionLayout.kernelFirst.rawValue])
            options.convolutionLayout = ConvolutionLayout(rawValue: text)
        }
        if let (i, _) = try option("parallel") { options.parallelism = try integer(i, in: 1...256) }
        if let (i, value) = try option("order") { options.order = try layerOrder(i, value) }
        if let (i, value) = try option("peft") {
            switch value {
            case .bool(let on): options.peft = on ? .adapters : .off
            case .string(let text) where text == PeftMode.withBase.rawValue: options.peft = .withBase
            default: throw fail(i, expected: "true, false or \"with_base\"")
            }
        }
        if let (i, value) = try option("layers") { options.selection = try layerSelection(i, value) }
        if fitOptions { options.powerLaw = try powerLawOptions() }
        // The shuffles of `randomize` use `seed` when given, else the session stream (`seed(n)`).
        if let (i, _) = try option("seed") {
            options.seed = UInt64(try integer(i, in: 0...Int(Int32.max)))
        } else if options.randomize || (options.intra && options.sparsify) {
            options.seed = interpreter.random.next()
        }
        return options
    }

    /// `order: "auto" | "file" | "natural"` or a list of layer/tensor names to put first.
    func layerOrder(_ name: String, _ value: Value) throws -> LayerOrder {
        switch value {
        case .string(let text):
            guard let order = LayerOrder(keyword: text) else {
                throw BuiltinError("argument 'order' must be \"auto\", \"file\", \"natural\" or a list of layer names, got \"\(text)\"")
            }
            return order
        case .list(let list):
            return .names(try list.items.map { item in
                guard case .string(let s) = item else {
                    throw BuiltinError("argument 'order' must list layer names (strings), got \(describeForError(item))")
                }
                return s
            })
        default: throw fail(name, expected: "\"auto\", \"file\", \"natural\" or a list of layer names")
        }
    }

    func layerSelection(_ name: String, _ value: Value) throws -> LayerSelection {
        let items: [Value]
        switch value {
        case .list(let list): items = list.items
        case .number, .string: items = [value]
        default: throw fail(name, expected: "a layer id, a name, or a list of them")
        }
        let parsed: [LayerSelection.Item] = try items.map { item in
            switch item {
            case .number(let x) where x == x.rounded() && abs(x) < 1e9: return .id(Int(x))
            case .string(let s): return .name(s)
            default: throw BuiltinError("argument 'layers' must hold layer ids (whole numbers) and names, got \(describeForError(item))")
            }
        }
        return try LayerSelection(items: parsed)
    }

    /// `xmax`, `fix_fingers`, `xmin_max`, `method`, `fit`.
    func powerLawOptions() throws -> PowerLawOptions {
        var options = PowerLawOptions()
        if let (i, value) = try option("xmax") {
            guard case .number(let x) = value, x == x.rounded(), x < 0, x > -1e9 else {
                throw fail(i, expected: "a negative whole number -k (drop the k largest eigenvalues before fitting)")
            }
            options.clipTop = Int(-x)
        }
        if let (i, value) = try option("fix_fingers") {
            if case .bool(false) = value {} else {
                options.fingerFix = FingerFix(rawValue: try choice(i, [FingerFix.clipXmax.rawValue, FingerFix.xminPeak.rawValue])) ?? .none
            }
        }
        if let (i, _) = try option("xmin_max") { options.xminMax = try number(i) }
        if let (i, _) = try option("method") {
            let name = try string(i)
            guard let method = PowerLawMethod.named(name) else {
                throw BuiltinError("argument 'method' must be one of \(PowerLawMethod.available.map { "\"\($0.name)\"" }.joined(separator: ", ")), got \"\(name)\"")
            }
            options.method = method
        }
        if let (i, _) = try option("fit") {
            // WeightWatcher's names: "E_TPL" is "TPL" with the xmin_peak finger fix, and the
            // long names are aliases.
            let extendedTPL = "E_TPL"
            let aliases = ["power_law": TailLaw.powerLaw, "truncated_power_law": .truncatedPowerLaw]
            let name = try choice(i, TailLaw.allCases.map(\.rawValue) + [extendedTPL] + aliases.keys.sorted())
            options.law = name == extendedTPL ? .truncatedPowerLaw : TailLaw(rawValue: name) ?? aliases[name] ?? .powerLaw
            if options.law == .truncatedPowerLaw && options.fingerFix == .clipXmax {
                throw fail(i, expected: "\"PL\" with fix_fingers \"clip_xmax\" (which refits a power law)")
            }
            if name == extendedTPL { options.fingerFix = .xminPeak }
        }
        return options
    }

    /// Runs an analysis with a progress bar on a terminal and Ctrl-C polled between layers.
    func runAnalysis(_ collection: WeightCollection, _ options: AnalysisOptions) throws -> ModelAnalysis {
        try runAnalysis(source: collection.source) { progress in
            try ModelAnalysis.analyze(collection, options: options, progress: progress, cancellation: .interrupt)
        }
    }

    /// Runs `analyze` (of a collection or of one tensor, or an edit's analysis) with a progress
    /// bar on a terminal; `source` names the weights in an unexpected error.
    func runAnalysis<Outcome>(source: String, _ analyze: (_ progress: (any ProgressReporter)?) throws -> Outcome) throws -> Outcome {
        let bar = TerminalProgressBar.forStandardError()
        defer { bar?.finish() }
        do {
            return try analyze(bar)
        } catch SpectralError.interrupted {
            try interpreter.checkInterrupt()
            throw BuiltinError("interrupted")
        } catch let error as SpectralError {
            throw error
        } catch let error as BuiltinError {
            throw error
        } catch {
            throw BuiltinError("\(source): \(error)")
        }
    }

    /// The one layer a built-in works on: the only analysable layer of a tensor, or the layer
    /// of a model named by `layer` (id, layer name or tensor name).
    func resolveLayer(_ collection: WeightCollection, _ options: AnalysisOptions) throws -> (entry: LayerEntry, tensor: Tensor) {
        let entries = try LayerCatalog.entries(of: collection, options: options).filter { $0.geometry != nil }
        guard let (i, value) = try option("layer") else {
            throw BuiltinError("argument 'layer' is needed to pick a layer of \(collection.source): give its id or name (see describe(model))")
        }
        let found: LayerEntry?
        switch value {
        case .number(let x): found = entries.first { $0.id.map(Double.init) == x }
        case .string(let s): found = entries.first { $0.name == s || $0.tensorName == s }
        default: throw fail(i, expected: "a layer id or name")
        }
        guard let entry = found else {
            throw BuiltinError("\(collection.source) has no dense or conv2d layer \(describeForError(value)); describe(model) lists them")
        }
        return (entry, try collection.tensor(named: entry.tensorName))
    }

    /// The pooled spectrum of a tensor or model layer (or the given values, sorted), with the
    /// layer geometry when there is one.
    func spectrumOfSubject(_ subject: SpectralSubject, _ options: AnalysisOptions) throws -> (eigenvalues: [Double], geometry: LayerGeometry?, name: String) {
        switch subject {
        case .values(let values):
            return (values.sorted(), nil, "values")
        case .tensor(let tensor):
            guard let geometry = LayerGeometry(shape: tensor.shape, layout: options.convolutionLayout) else {
                throw BuiltinError("a tensor of shape \(tensor.shape) is not a layer: give a matrix (rank 2) or a 2-D convolution (rank 4)")
            }
            return (try LayerSpectrum.pooled(tensor, geometry: geometry, conv2dNorm: options.conv2dNorm).eigenvalues, geometry, "tensor")
        case .weights(let collection):
            let (entry, tensor) = try resolveLayer(collection, options)
            guard let geometry = entry.geometry else { throw BuiltinError("\(entry.tensorName) is not a layer") }
            return (try LayerSpectrum.pooled(tensor, geometry: geometry, conv2dNorm: options.conv2dNorm).eigenvalues, geometry, entry.tensorName)
        }
    }

    /// The MP fit of the subject, with Q and M from its shape or the `Q` / `M` arguments.
    func marchenkoPasturFit() throws -> (fit: MarchenkoPasturFit, q: Double) {
        let spectrum = try spectrumOfSubject(try spectralSubject("subject", allowValues: true), try analysisOptions())
        var q = spectrum.geometry?.q, m = spectrum.geometry?.m
        if let (i, _) = try option("Q") { q = try number(i) }
        if let (i, _) = try option("M") { m = try integer(i, in: 1...Int(Int32.max)) }
        guard let ratio = q else { throw BuiltinError("argument 'Q' (the aspect ratio N/M >= 1) is needed when fitting plain eigenvalues") }
        let fit = try MarchenkoPastur.fit(eigenvalues: spectrum.eigenvalues, q: ratio, m: m ?? spectrum.eigenvalues.count)
        return (fit, ratio)
    }
}


/// A list of numbers as a language list.
func numberList(_ values: [Double]) -> Value {
    .list(ListObject(values.map { .number($0) }))
}

/// A Swift optional number as a language value (nil when missing or not finite).
func optionalNumber(_ value: Double?) -> Value {
    guard let value, value.isFinite else { return .nil }
    return .number(value)
}
