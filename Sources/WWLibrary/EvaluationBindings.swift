import WWData
import WWInterpreter
import WWNeural
import WWNumerics
import WWTables

extension Registry {
    /// Built-ins for evaluation and representation metrics on plain matrices (logits,
    /// probabilities, features). Network-level versions build on these.
    func defineEvaluation() {
        category("Evaluation", doc: "Metrics of a classifier's outputs and of its representations, computed on plain matrices (tensors or lists of rows), or on a network and a data set (`ece(model, test)`: the network runs on the data with dropout off and its outputs go to the same metric): negative log-likelihood, calibration (ECE with reliability tables), confusion matrices, logit norms, numerical and effective rank, neural collapse NC1..NC4, linear probes and Hutchinson's estimate of the Hessian trace. Labels are whole numbers from 0; rows are samples.")
        defineClassificationMetrics()
        defineRepresentationMetrics()
        defineProbeAndCurvature()
        defineNetworkEvaluation()
    }

    private func defineClassificationMetrics() {
        define("nll(logits, labels, temperature = 1) -> number", category: "Evaluation",
               doc: "The mean negative log-likelihood of the labels under softmax(logits / temperature), the cross-entropy loss of PyTorch's cross_entropy. It is computed in float64 with a stable log-softmax, so large logits give finite results. `nll(model, data)` takes the network's logits on a data set.") { call in
            let (logits, labels) = try logitsAndLabels(&call)
            let temperature = try call.number("temperature")
            return .number(try Evaluation.negativeLogLikelihood(logits: logits, labels: labels, temperature: temperature))
        }
        define("ece(probabilities, labels, bins = 15) -> number", category: "Evaluation",
               doc: "The Expected Calibration Error of predicted probabilities (rows summing to 1): the confidence of a sample is its largest probability, and ECE = Σ_b (n_b / n) |accuracy_b - confidence_b| over equal-width bins (b/B, (b+1)/B] of confidence (right-closed, as in Guo et al. 2017; a confidence of exactly 1 is in the last bin). Pass softmax probabilities, or a network and a data set: `ece(model, data)`; `reliability` gives the bins as a table.") { call in
            let report = try calibrationReport(&call)
            return .number(report.expectedCalibrationError)
        }
        define("reliability(probabilities, labels, bins = 15) -> table", category: "Evaluation",
               doc: "The reliability diagram behind `ece`: one row per confidence bin with its bounds (lower, upper], the number and fraction of samples in it, their mean confidence and accuracy, and the gap accuracy - confidence (negative means over-confident). Empty bins have nil confidence, accuracy and gap. Takes probabilities and labels, or a network and a data set.") { call in
            .table(TableObject(try calibrationReport(&call).reliabilityTable))
        }
        define("confusion(predictions, labels, classes = nil) -> tensor", category: "Evaluation",
               doc: "The confusion matrix as a classes × classes tensor of counts: rows are true labels and columns predictions, as in scikit-learn. The number of classes defaults to the largest label or prediction + 1. `confusion(model, data)` compares the network's predictions with the data's labels, over the network's outputs.") { call in
            let predictions: [Int], labels: [Int]
            var classes = try call.optionalInteger("classes", in: 1...EvaluationLimits.maxConfusionClassCount)
            if let (model, data) = try networkAndData(call, network: "predictions", data: "labels") {
                predictions = try model.predictions(for: data)
                labels = data.labels
                classes = classes ?? model.outputCount
            } else {
                predictions = try call.labels("predictions")
                labels = try call.labels("labels")
            }
            let counts = try Evaluation.confusionMatrix(predictions: predictions, labels: labels, classCount: classes)
            return .object(TensorObject(try Tensor(rows: counts.map { $0.map(Double.init) })))
        }
        define("logit_norms(logits, data = nil) -> record", category: "Evaluation",
               doc: "The size of a matrix of logits: `mean_row_norm`, the average Euclidean norm of one sample's logits, and `frobenius`, the Frobenius norm of the whole matrix. Larger logit norms at initialisation go with lower final representation rank. `logit_norms(model, data)` measures the network's logits on a data set.") { call in
            let logits: Tensor
            if let (model, data) = try networkAndData(call, network: "logits", data: "data", labelled: false) {
                logits = try model.logits(for: data)
            } else {
                guard (try call.isNil("data")) else { throw BuiltinError("argument 'data' is only for a network: logit_norms(model, data)") }
                logits = try evaluationMatrix(call, "logits")
            }
            let norms = try Evaluation.logitNorms(logits)
            return .record(["mean_row_norm": norms.meanRowNorm, "frobenius": norms.frobeniusNorm])
        }
    }

    private func defineRepresentationMetrics() {
        define("numerical_rank(representation, tol = nil, rtol = nil) -> number", category: "Evaluation",
               doc: "The number of singular values of a representation matrix (samples × features; feature maps are flattened) above a threshold: by default max(n, d) · eps · σ_max with eps of the tensor's own float type, as numpy.linalg.matrix_rank; `tol` gives an absolute threshold and `rtol` one relative to σ_max.") { call in
            let representation = try evaluationMatrix(call, "representation")
            let absolute = try call.optionalNumber("tol")
            let relative = try call.optionalNumber("rtol")
            guard absolute == nil || relative == nil else { throw BuiltinError("give either 'tol' or 'rtol', not both") }
            let tolerance: RankTolerance = absolute.map { .absolute($0) } ?? relative.map { .relative($0) } ?? .matrixRankDefault
            return .number(Double(try RepresentationRank.numericalRank(representation, tolerance: tolerance)))
        }
        define("effective_rank(representation) -> number", category: "Evaluation",
               doc: "The effective rank of Roy and Vetterli (2007): exp of the Shannon entropy of the singular values normalised to sum to 1. It lies between 1 and min(n, d), falls smoothly as a representation collapses, and is 0 for a zero matrix.") { call in
            let representation = try evaluationMatrix(call, "representation")
            return .number(try RepresentationRank.effectiveRank(representation))
        }
        define("representation_norms(layers) -> list", category: "Evaluation",
               doc: "The Frobenius norm of each representation in a list (one matrix per layer, samples × features), summed in float64.") { call in
            let layers = try call.list("layers").items.enumerated().map { index, item -> Tensor in
                guard let tensor = evaluationTensor(item) else {
                    throw BuiltinError("argument 'layers' must hold matrices, but element \(index) is \(describeForError(item))")
                }
                return tensor
            }
            return .list(ListObject((try RepresentationRank.frobeniusNorms(layers)).map { .number($0) }))
        }
        define("neural_collapse(features, labels, classifier = nil, predictions = nil, bias = nil) -> record", category: "Evaluation",
               doc: "The neural-collapse measures of Papyan, Han and Donoho (2020) from last-layer features (samples × d) and labels: `nc1` = tr(Σ_W Σ_B⁺)/C; NC2 as `nc2_norm_variation` (std/mean of the centred class-mean norms), `nc2_cosine_std` (std of their pairwise cosines), `nc2_mean_cosine` (-1/(C-1) for a simplex), `nc2_coherence` (mean |cos + 1/(C-1)|) and `nc2_etf_distance` (normalised Gram matrix to the simplex ETF); `nc3`, the distance between the normalised classifier (C × d) and class means, when `classifier` is given; `nc4`, the fraction of network predictions (given, or argmax of classifier · h + bias) that differ from the nearest class mean. Collapsed features give values near 0. Also `ncc_accuracy`, `within_trace`, `between_trace` and `between_rank`. `neural_collapse(model, data)` takes the features from the input of the network's last Linear layer (the penultimate representation), the classifier from that layer's weight and bias, and the network's own predictions for NC4.") { call in
            let report: NeuralCollapseReport
            if let (model, data) = try networkAndData(call, network: "features", data: "labels") {
                try rejectWithNetwork(call, ["classifier", "predictions", "bias"])
                report = try model.collapseMeasures(on: data)
            } else {
                let features = try evaluationMatrix(call, "features")
                let labels = try call.labels("labels")
                let classifier = try optionalEvaluationMatrix(call, "classifier")
                let predictions = try call.optionalLabels("predictions")
                let bias: [Double]? = try { if case .nil = try call.value("bias") { return nil } else { return try call.numbers("bias") } }()
                report = try NeuralCollapse.measure(features: features, labels: labels, classifier: classifier, classifierBias: bias,
                                               predictions: predictions)
            }
            return .record([
                "nc1": report.nc1, "nc2_norm_variation": report.normVariation,
                "nc2_cosine_std": report.cosineStandardDeviation, "nc2_mean_cosine": report.meanCosine,
                "nc2_coherence": report.coherence, "nc2_etf_distance": report.etfDistance,
                "nc3": report.selfDualityDistance, "nc4": report.nearestCentreMismatch,
                "ncc_accuracy": report.nearestCentreAccuracy, "within_trace": report.withinClassTrace,
                "between_trace": report.betweenClassTrace, "between_rank": report.betweenClassRank,
                "classes": report.classCount,
            ])
        }
    }

    private func defineProbeAndCurvature() {
        define("linear_probe(train_x, train_y, test_x, test_y, shifted_x = nil, shifted_y = nil, l2 = 0.0001, standardize = true) -> record", category: "Evaluation",
               doc: "Trains a linear probe, a multinomial logistic regression with intercept, on features of a training split and reports `train_accuracy`, `test_accuracy` and `shifted_accuracy` (nil without a shifted split). It minimises the mean cross-entropy + (l2/2)·||W||² (scikit-learn's C = 1/(n·l2)) by deterministic full-batch L-BFGS from zero weights, after standardising each feature with the training mean and standard deviation unless `standardize` is false. Also `converged`, `iterations`, `objective`, `weights` (classes × features) and `bias`.") { call in
            let train = ProbeSplit(features: try evaluationMatrix(call, "train_x"), labels: try call.labels("train_y"))
            let test = ProbeSplit(features: try evaluationMatrix(call, "test_x"), labels: try call.labels("test_y"))
            let shiftedFeatures = try optionalEvaluationMatrix(call, "shifted_x")
            let shiftedLabels = try call.optionalLabels("shifted_y")
            guard (shiftedFeatures == nil) == (shiftedLabels == nil) else {
                throw BuiltinError("give both 'shifted_x' and 'shifted_y', or neither")
            }
            let shifted = shiftedFeatures.flatMap { features in shiftedLabels.map { ProbeSplit(features: features, labels: $0) } }
            let options = LinearProbeOptions(l2: try call.number("l2"), standardizes: try call.bool("standardize"))
            let report = try LinearProbe.evaluate(train: train, test: test, shifted: shifted, options: options,
                                         cancellation: .interrupt)
            return .record([
                "train_accuracy": report.trainAccuracy, "test_accuracy": report.testAccuracy,
                "shifted_accuracy": report.shiftedAccuracy, "converged": report.converged, "iterations": report.iterations,
                "objective": report.objective, "classes": report.model.classCount,
                "weights": report.model.weights, "bias": report.model.bias,
            ])
        }
        define("hessian_trace(gradient, params, samples = 10, seed = nil, hvp = nil) -> record", category: "Evaluation",
               doc: "Hutchinson's estimate of the trace of a loss Hessian at `params` (a list of numbers or a tensor): the mean of vᵀHv over `samples` random ±1 vectors v. `gradient(p)` returns the loss gradient at p (a list or tensor with one value per parameter; p has the type and shape of params); Hv is taken by central differences (gradient(p + εv) - gradient(p - εv)) / 2ε with ε = cbrt(u)·(1 + ||params||)/sqrt(n), u the unit round-off (2⁻²⁴ for a float32 tensor, 2⁻⁵³ for a list or float64 tensor), or exactly from `hvp(p, v)` when given. The vectors come from `seed`, or from the session stream. Returns `trace`, `standard_error` (nil with one sample), `samples`, `running_mean` and `step` (nil for exact products). `hessian_trace(model, data)` estimates the trace of the Hessian of a network's mean cross-entropy loss over a data batch with respect to all its parameters, by central differences of backpropagated float32 gradients (dropout off; the network is left unchanged).") { call in
            if let (model, data) = try networkAndData(call, network: "gradient", data: "params") {
                try rejectWithNetwork(call, ["hvp"])
                return try networkHessianTrace(&call, model: model, data: data)
            }
            let params = try call.value("params")
            guard let shape = parameterShape(params) else { throw call.fail("params", expected: "a list of numbers or a tensor") }
            let parameters = try parameterValues(params, argument: "argument 'params'")
            let samples = try call.integer("samples", in: 1...HessianTraceEstimator.maxSamples)
            let seed = try call.optionalInteger("seed", in: 0...Int(Int32.max))
            let caller = call
            let gradient = try call.callable("gradient")
            let hvp = try call.optionalCallable("hvp")
            let estimator = try HessianTraceEstimator(
                    gradient: { point in
                        try parameterValues(try caller.call(gradient, [shape.value(point)]), argument: "the result of gradient")
                    },
                    hessianVectorProduct: hvp.map { function in { point, vector in
                        try parameterValues(try caller.call(function, [shape.value(point), shape.value(vector)]),
                                            argument: "the result of hvp")
                    } },
                    gradientRoundoff: shape.roundoff)
            let interpreter = call.interpreter
            var stream = seed.map { SeededRandom(seed: UInt64($0)) } ?? interpreter.random
            let estimate = try estimator.estimate(at: parameters, samples: samples, random: &stream,
                                       cancellation: .interrupt)
            if seed == nil { interpreter.random = stream }
            return hessianRecord(estimate)
        }
    }
}

/// The calibration report of `(probabilities, labels, bins)` or `(model, data, bins)` arguments.
private func calibrationReport(_ call: inout BuiltinCall) throws -> CalibrationReport {
    let probabilities: Tensor, labels: [Int]
    if let (model, data) = try networkAndData(call, network: "probabilities", data: "labels") {
        probabilities = try model.probabilities(for: data)
        labels = data.labels
    } else {
        probabilities = try evaluationMatrix(call, "probabilities")
        labels = try call.labels("labels")
    }
    let bins = try call.integer("bins", in: 1...EvaluationLimits.maxCalibrationBinCount)
    return try Calibration.report(probabilities: probabilities, labels: labels, binCount: bins)
}

/// `(logits, labels)` arguments, or a network's logits on `(model, data)`.
private func logitsAndLabels(_ call: inout BuiltinCall) throws -> (Tensor, [Int]) {
    if let (model, data) = try networkAndData(call, network: "logits", data: "labels") { return (try model.logits(for: data), data.labels) }
    return (try evaluationMatrix(call, "logits"), try call.labels("labels"))
}

/// `hessian_trace(model, data, samples, seed)`: Hutchinson on the network's loss.
private func networkHessianTrace(_ call: inout BuiltinCall, model: Network, data: Dataset) throws -> Value {
    let samples = try call.integer("samples", in: 1...HessianTraceEstimator.maxSamples)
    let estimate = try call.withStream(seed: "seed") { random in
        try model.hessianTrace(on: data, samples: samples, random: &random, cancellation: .interrupt)
    }
    return hessianRecord(estimate)
}

private func hessianRecord(_ estimate: HessianTraceEstimate) -> Value {
    .record([
        "trace": estimate.trace, "standard_error": estimate.standardError, "samples": estimate.samples,
        "running_mean": estimate.runningMeans, "step": estimate.step,
    ])
}


/// A matrix argument of the evaluation built-ins; any problem gives the one general message.
private func evaluationMatrix(_ call: BuiltinCall, _ name: String) throws -> Tensor {
    guard let tensor = evaluationTensor(try call.value(name)) else {
        throw call.fail(name, expected: "a matrix (a tensor, or a list of equally long lists of numbers)")
    }
    return tensor
}

/// A tensor, or a list of equally long lists of numbers as a float64 matrix; nil otherwise.
private func evaluationTensor(_ value: Value) -> Tensor? {
    switch value {
    case .object(let object as TensorObject): return object.tensor
    case .list(let list):
        guard case .success(let tensor)? = try? matrix(fromRows: list.items) else { return nil }
        return tensor
    default: return nil
    }
}

private func optionalEvaluationMatrix(_ call: BuiltinCall, _ name: String) throws -> Tensor? {
    try call.isNil(name) ? nil : try evaluationMatrix(call, name)
}

/// How parameters were given, so `hessian_trace` hands its callbacks the same kind of value.
private enum ParameterShape {
    case list
    case tensor(shape: [Int], elementType: ElementType)

    /// Unit round-off of the arithmetic the callbacks do: float32 for float32 tensors, float64
    /// for lists (wwn numbers) and float64 tensors.
    var roundoff: Double {
        if case .tensor(_, .float32) = self { return Double(Float.ulpOfOne) / 2 }
        return Double.ulpOfOne / 2
    }

    func value(_ values: [Double]) throws -> Value {
        switch self {
        case .list:
            return .list(ListObject(values.map { .number($0) }))
        case let .tensor(shape, elementType):
            return .object(TensorObject(try Tensor(shape: shape, values: values).converted(to: elementType)))
        }
    }
}

private func parameterShape(_ value: Value) -> ParameterShape? {
    switch value {
    case .list: return .list
    case .object(let object as TensorObject): return .tensor(shape: object.tensor.shape, elementType: object.tensor.elementType)
    default: return nil
    }
}

/// The numbers of a list or a tensor (any shape, row-major), for parameters and gradients.
private func parameterValues(_ value: Value, argument: String) throws -> [Double] {
    switch value {
    case .object(let object as TensorObject):
        return object.tensor.doubleValues
    case .list(let list):
        return try list.items.enumerated().map { index, item in
            guard case .number(let x) = item else {
                throw BuiltinError("\(argument) must hold only numbers, but element \(index) is \(describeForError(item))")
            }
            return x
        }
    default:
        throw BuiltinError("\(argument) must be a list of numbers or a tensor, got \(describeForError(value))")
    }
}
