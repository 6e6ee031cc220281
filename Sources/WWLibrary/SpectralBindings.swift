import WWInterpreter
import WWNumerics
import WWSpectral
import WWTables

/// WeightWatcher's keyword options, shared by the signatures of the analysis built-ins.
private let filterOptions = "layers = nil, order = \"auto\", min_evals = 8, max_evals = 15000, max_N = 50000, pool = true, conv2d_norm = true, layout = nil"
private let fitOptions = "xmax = nil, fix_fingers = nil, xmin_max = nil, method = \"WWFit\", fit = \"PL\""

extension Registry {
    /// Built-ins for spectral analysis (HT-SR, WeightWatcher 0.7.7 parity).
    func defineSpectral() {
        category("Spectral analysis", doc: "Heavy-tailed self-regularisation (HT-SR) analysis of weight matrices, as WeightWatcher 0.7.7 does it: the eigenvalues (ESD) of each layer, norms and ranks, the power-law exponent alpha, Marchenko-Pastur fits, randomised comparisons, model summaries and Delta M between snapshots. Option names are WeightWatcher's. Tables follow WeightWatcher's details dataframe, plus `tensor` (the tensor's name) and `reason` (why a fit failed); a failed fit has no alpha (WeightWatcher reports -1).")
        defineAnalyze()
        defineSpectrumBuiltins()
        defineSummaryAndDelta()
        definePowerLawFit()
        defineLayerPlot()
        defineSpectralPlots()
        defineSpectralEditing()
    }

    private func defineAnalyze() {
        define("analyze(model, \(filterOptions), \(fitOptions), mp_fit = false, randomize = false, seed = nil, parallel = nil, base_model = nil, peft = false, detX = false, glorot_fix = false, fft = false, intra = false, sparsify = true, vectors = false, split_qkv = false, heads = nil) -> table",
               category: "Spectral analysis",
               doc: "Analyses every dense and conv2d layer of a model (any weights value) or a single tensor and returns WeightWatcher's details table, one row per layer: layer_id, ww_layer_id, name, tensor, N, M, Q, rf, num_evals, lambda_max, norms, ranks, entropy, alpha, D, xmin, xmax, sigma, num_pl_spikes, alpha_weighted, log_alpha_norm, warning, status and reason. `layer_id` counts the *.weight tensors from 1 in module order (WeightWatcher's state-dict id), the same for a network, its .pt and its safetensors file; `ww_layer_id` is WeightWatcher 0.7.7's id for this kind of input (nn.Module, directory). `order` is \"auto\" (module order where the file keeps it, natural name order for safetensors), \"file\", \"natural\" or a list of layer names to number first. `layers` selects by id, name, \"-name\" (exclude) or type (\"dense\", \"conv2d\", \"experts\": a rank-3 tensor named as stacked mixture-of-experts weights, such as GGUF's ffn_gate_exps, analysed one expert per row with expert_id); layers with fewer than min_evals or more than max_evals eigenvalues, or N above max_N, are skipped (see describe). `pool: false` gives one row per convolution kernel position (slice_id). `conv2d_norm` scales convolutions as WeightWatcher does. `xmax: -k` drops the top k eigenvalues before fitting; `fix_fingers` is \"clip_xmax\" or \"xmin_peak\". `fit: \"TPL\"` fits a truncated power law x^-alpha e^(-Lambda x) instead, as WeightWatcher 0.7.7 does with pl_package=\"powerlaw\" (the powerlaw 1.x package): xmin is the distinct eigenvalue whose own maximum-likelihood truncated power law has the smallest KS distance, alpha and D are that law's, a Lambda column is added and sigma is NaN (`method` does not apply); `fit: \"E_TPL\"` is the same with `fix_fingers: \"xmin_peak\"`. `mp_fit: true` adds the Marchenko-Pastur columns (num_spikes, sigma_mp, mp_softrank, bulk_max, bulk_min, W_scale); `randomize: true` adds the shuffled-weights comparison (max_rand_eval, rand_distance, ww_softrank, ww_maxdist, rand_num_spikes, ...), drawn from `seed` or the session's random stream. `base_model` (a model of the same architecture, such as the checkpoint fine-tuning started from) analyses each layer as W - W_base, paired as WeightWatcher 0.7.7 pairs them: in layer order, a layer takes the next base layer whose name contains its own (transposed when its shape is the transpose); a layer with no partner, such as a new head, is analysed as it is, and shapes that fit neither way are an error (WeightWatcher analyses zeros). `peft: true` analyses each LoRA adapter pair (a `lora_A` tensor and the `lora_B` after it) as its update B·A, named with `lora_BA`, keeping its r largest eigenvalues (r the adapter's rank), and skips every other layer; `peft: \"with_base\"` also analyses the merged W + B·A (named with `lora_W_plus_AB`, r eigenvalues too, W the layer before the adapters) and the other layers, as WeightWatcher 0.7.7 does (LoRA's alpha/r scaling is not applied, as there). `detX: true` (WeightWatcher's detX or ERG) adds the detX constraint: detX_num (also num_ERG_spikes), the eigenvalues in the smallest top tail of the mean-1 spectrum whose product is at least 1, ERG_gap (detX_num - num_pl_spikes), detX_val (its smallest eigenvalue) and detX_val_unrescaled (the same on the mean-1 scale, WeightWatcher's name). `glorot_fix: true` scales every layer by Glorot's factor sqrt((N + M) rf / 2) instead of conv2d_norm's, what WeightWatcher's glorot_fix is written to do (0.7.7 never applies it: the keyword is stored under another key); alpha does not change, the norms do. `fft: true` analyses the real part of each matrix's 2-D discrete Fourier transform (after the scaling), what WeightWatcher's fft is written to do (0.7.7 stops with an AttributeError). `intra: true` analyses each pair of neighbouring dense layers (of those selected and kept) as the composed map X = W0·W1 / (|W0| |W1|), after WeightWatcher 0.7.7's alignment on their shared size, one row per pair named \"<id> X <id>\" with the second layer's ids; with `sparsify` (the default, as there) a random 0/1 mask S of the shared size stands for the ReLU between them, X = W0·S·W1 / (|W0| |W1| + sqrt(|S|)), drawn from `seed` or the session's random stream (WeightWatcher's is unseeded); pairs with a convolution are left out (WeightWatcher multiplies a convolution's first kernel position). `vectors: true` adds WeightWatcher's eigenvector localisation columns: for the eigenvectors of each layer's smaller Gram matrix, their discrete entropy (vec_entropy, of a 100-bin histogram), localisation ratio (loc_ratio, |v|_1/|v|_inf) and participation ratio (part_ratio, |v|_2/|v|_4), as the mean and variance over the bulk (eigenvalues below xmin) and the tail: bulk_mean_vec_entropy, bulk_var_vec_entropy, ..., tail_var_part_ratio (a layer whose fit failed is all tail). `split_qkv: true` analyses each fused attention projection as three layers named …q, …k, …v (in nn.Linear orientation): GPT-2's Conv1D c_attn [in, 3d] (column blocks), nn.MultiheadAttention's in_proj_weight and timm's qkv.weight [3d, d] (row blocks), and GPT-NeoX/BLOOM query_key_value, whose rows interleave the heads and so need `heads` (an error without it). `heads: n` adds per attention head h the circuits W_Q^hᵀ·W_K^h (…head<h>.qk) and W_O^h·W_V^h (…head<h>.ov, W_O^h the head's columns of the block's output projection found by name: attn.c_proj, out_proj, attn.proj, dense, attention.output.dense, o_proj), each keeping its head_dim largest eigenvalues (its rank), for fused blocks and for separate query/key/value or q_proj/k_proj/v_proj projections (grouped-query attention: query head h uses key/value head h / (n / n_kv)); these layers are wwn's, WeightWatcher has none (ww_layer_id empty). Layers run in parallel (`parallel` sets how many at once); Ctrl-C stops between layers.") { call in
            let options = try call.analysisOptions()
            let analysis: ModelAnalysis
            switch try call.spectralSubject("model", allowValues: false) {
            case .weights(let collection):
                let weights = try call.baseModel().map { try BaseModelDelta(model: collection, base: $0, options: options) } ?? collection
                analysis = try call.runAnalysis(weights, options)
            case .tensor(let tensor):
                guard try call.baseModel() == nil else { throw call.fail("base_model", expected: "nil when 'model' is a tensor (subtract the tensors instead)") }
                guard LayerGeometry(shape: tensor.shape) != nil else {
                    throw BuiltinError("argument 'model' is a tensor of shape \(tensor.shape): analyze needs a matrix (rank 2), a 2-D convolution (rank 4), or a model")
                }
                analysis = try call.runAnalysis(source: "tensor") { progress in
                    try ModelAnalysis.analyze(tensor: tensor, options: options, progress: progress, cancellation: .interrupt)
                }
            case .values: throw call.fail("model", expected: "a model or a tensor")
            }
            return .table(TableObject(analysis.details))
        }
        // Also a method of every weights value and of tensors: the stdlib's `describe` calls
        // `x.describe_model()`, which resolves at run time, so the stdlib still loads in an
        // interpreter without the domain built-ins.
        define("describe_model(model, \(filterOptions)) -> table", category: "Spectral analysis",
               methodOf: ["model", "network", "weights", "tensor"],
               doc: "Lists every tensor of a model without reading its values: layer_id (WeightWatcher's count of *.weight tensors in module order, see analyze's `order`), ww_layer_id, name, tensor, shape, dtype, layer_type, N, M, Q, rf, num_evals, the convolution layout, whether analyze would analyse it under these options (`analysed`) and, if not, why (`reason`). `describe(model)` gives this table with default options; describe_model takes the filter options too.") { call in
            let options = try call.analysisOptions()
            switch try call.spectralSubject("model", allowValues: false) {
            case .weights(let collection): return .table(TableObject(try ModelDescription.table(collection, options: options)))
            case .tensor(let tensor):
                let info = WeightInfo(name: "W", shape: tensor.shape, storageType: tensor.elementType == .float32 ? "F32" : "F64")
                return .table(TableObject(ModelDescription.table([info], options: options)))
            case .values: throw call.fail("model", expected: "a model or a tensor")
            }
        }
    }

    private func defineSpectrumBuiltins() {
        define("esd(subject, layer = nil, conv2d_norm = true, layout = nil) -> tensor", category: "Spectral analysis",
               doc: "The eigenvalues of a layer, ascending, as a float64 tensor: lambda_i = sigma_i(W)^2 with no 1/N normalisation, all kernel positions of a convolution pooled (halved by conv2d_norm, as in analyze). `subject` is a matrix, a conv2d tensor, or a model with `layer` its id or name. Computed from the Gram matrix (with an SVD fallback for rank-deficient matrices): relative error about 1e-13 for eigenvalues above 1e-5 lambda_max.") { call in
            let options = try call.analysisOptions()
            let spectrum = try call.spectrumOfSubject(try call.spectralSubject("subject", allowValues: false), options)
            return .object(TensorObject(Tensor(spectrum.eigenvalues)))
        }
        define("mp_fit(subject, Q = nil, M = nil, layer = nil, conv2d_norm = true) -> record", category: "Spectral analysis",
               doc: "Fits the Marchenko-Pastur law to a spectrum's bulk as WeightWatcher's mp_fit does (rescaled to mean 1; the quarter-circle law of singular values when Q = 1). `subject` is a matrix or conv2d tensor (Q = N/M from its shape), a model with `layer`, or eigenvalues with `Q` given (`M` defaults to their count). Returns a record: sigma_mp, bulk_max and bulk_min (original units), num_spikes (above the bulk edge plus the Tracy-Widom margin), mp_softrank (bulk_max / lambda_max), TW and W_scale.") { call in
            let (fit, ratio) = try call.marchenkoPasturFit()
            return .record([
                "sigma_mp": fit.sigma, "bulk_max": fit.bulkMax, "bulk_min": fit.bulkMin, "num_spikes": fit.spikeCount,
                "mp_softrank": fit.softRank, "TW": fit.tracyWidom, "W_scale": fit.scale, "Q": ratio,
            ])
        }
    }

    private func defineSummaryAndDelta() {
        define("summary(details) -> record", category: "Spectral analysis",
               doc: "Model-level averages of a details table from analyze (WeightWatcher's get_summary): log_norm, alpha, alpha_weighted, log_alpha_norm, log_spectral_norm, stable_rank (and mp_softrank when the MP fit ran), then the papers' names Alpha, AlphaHat, LogSpectralNorm, LogFrobeniusNorm (mean log10 of the squared Frobenius norm), LogAlphaShattenNorm and QualityOfAlphaFit (mean D). Failed fits are left out of the averages (WeightWatcher averages their -1); `failed_fits` counts them and `layers` counts the rows.") { call in
            let summary = try SpectralSummary(details: call.table("details").table)
            var fields: [(String, any ValueConvertible)] = summary.entries.map { ($0.name, optionalNumber($0.value)) }
            fields += [("layers", summary.layerCount), ("failed_fits", summary.failedFits)]
            return .record(fields)
        }
        define("delta(before, after, baseline = nil) -> record", category: "Spectral analysis",
               doc: "Delta M between two snapshots of a model (before and after fine-tuning or some training): `before` and `after` are details tables from analyze, or models (analysed with default options). Layers are matched by tensor name. Returns a record: `layers`, a table of delta_<metric> = after - before per layer for every metric both tables have; `averages`, the mean of each delta column; `only_before` and `only_after`, unmatched layer names. With `baseline` (the `layers` table of an earlier delta, e.g. a run without the regulariser) each metric also gets delta_<metric>_vs_baseline = Delta M - Delta M_baseline.") { call in
            func details(_ name: String) throws -> DataTable {
                switch try call.value(name) {
                case .table(let t): return t.table
                case .object(let weights as WeightsValue): return try call.runAnalysis(weights.weightCollection, AnalysisOptions()).details
                default: throw call.fail(name, expected: "a details table from analyze, or a model")
                }
            }
            var baseline: DataTable?
            if let (i, _) = try call.option("baseline") { baseline = try call.table(i).table }
            let result = try SpectralDelta(before: details("before"), after: details("after"), baseline: baseline)
            return .record([
                "layers": result.layers,
                "averages": Value.record(result.averages.map { ($0.name, optionalNumber($0.value)) }),
                "only_before": result.onlyBefore, "only_after": result.onlyAfter,
            ])
        }
    }
}
