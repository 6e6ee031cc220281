import WWData
import WWDiversity
import WWInterpreter
import WWModelFormats
import WWNeural
import WWNumerics
import WWSpectral

extension Registry {
    /// Built-ins for diversity scores (Vendi, weighted Vendi, intdiv).
    func defineDiversity() {
        category("Diversity", doc: "Diversity scores of a set of samples: the Vendi Score (Friedman & Dieng, 2023) of any order q, the effective number of distinct samples, from a kernel matrix, embeddings, images or texts; the weighted Vendi Score of augmented or synthetic data (arXiv 2410.14602); and intra-set diversity. Eigenvalues are float64; eigenvalues below 1e-12 of the largest are round-off of a rank-deficient kernel and are dropped, so q = 0 counts real modes (the reference package counts round-off there). The order q may be any number >= 0 or \"inf\".")
        define("vendi(x, q = 1, kernel = \"cosine\", sigma = 1, weights = nil, resize = 32, zero_rows = \"error\") -> number", category: "Diversity", doc: """
            The Vendi Score of order `q` of a set of samples. `x` is a tensor of embeddings (one sample per row), a data set (pixel mode: each image flattened), a list of tensors of one shape (images), or a list of any values when `kernel` is a function. `kernel` is "cosine" (rows L2-normalised, linear kernel; also called "linear"), "rbf" (exp(-|a - b|^2 / (2 sigma^2))) or a wwn function of two samples that returns their similarity, with k(x, x) = 1. With the cosine kernel and more samples than values per sample, the d x d dual is used, so millions of rows are fine; `weights` (one non-negative number per sample, rescaled to sum to 1) gives the weighted form K o sqrt(p) sqrt(p)^T. NaN values are errors naming the row, and so are all-zero rows (they have no cosine similarity) unless `zero_rows` is "skip": the samples that are all zero (after resizing, in pixel mode: black images) are then left out, with their weights, and the score is that of the others. In pixel mode, images ([channels, height, width] or [height, width], values in [0, 1]) are first turned into bytes and resized to `resize` x `resize` exactly as the reference does with PIL's default bicubic `Image.resize`, so sets of mixed sizes work and the numbers match `pixel_vendi_score`; `resize: nil` uses the values at their native size, and then images of different shapes are an error naming the image. Flat samples (a flattened data set) are used as they are.
            """) { call in
            try vendiScore(call)
        }
        define("vendi_kernel(K, q = 1, weights = nil) -> number", category: "Diversity", doc: """
            The Vendi Score of order `q` from a kernel matrix `K` (a tensor or a list of rows): the exponential of the Rényi entropy of the eigenvalues of K / n, or of K o sqrt(p) sqrt(p)^T with `weights` p. K must be square, finite, symmetric and have ones on its diagonal; the error names the first entry that is not.
            """) { call in
            let kernel = try KernelMatrix(try matrixArgument(call, "K"), argument: "K")
            return .number(try VendiScore.score(kernel: kernel, order: order(call, "q"), weights: (try call.isNil("weights")) ? nil : call.numbers("weights")))
        
        }
        define("vendi_embeddings(model, data, layer = nil, q = 1, zero_rows = \"error\") -> number", category: "Diversity", doc: """
            The Vendi Score of order `q` of a data set as a network sees it: the representation of every sample after layer `layer` (an index into the network's layers; default the penultimate representation, the last layer before the output that is not dropout or a flatten), row-normalised, under the cosine kernel. Use it to compare how diverse two data sets look to a trained model. A sample whose representation is all zero (every unit off) has no direction: an error naming it, or with `zero_rows: "skip"` left out of the score.
            """) { call in
            let network = try call.network("model")
            let data = try call.dataset("data", expected: "a data set")
            let layer = try call.optionalInteger("layer") ?? network.penultimateLayer
            var representation = try network.representation(for: data, at: layer)
            if try skipsZeroRows(call, "zero_rows") { representation = try ZeroRows.removing(from: representation, argument: "data").rows }
            return .number(try EmbeddingVendi.score(representation, order: order(call, "q"), argument: "data",
                                                    cancellation: .interrupt))
        
        }
        define("vendi_text(texts, q = 1, n = 4) -> number", category: "Diversity", doc: """
            The n-gram Vendi Score of texts (a list of strings, or a data set that keeps its texts): for each length 1..`n` (at most 4), every text becomes its L2-normalised vector of n-gram counts, and the score is the Vendi Score of the mean of their cosine kernels. Texts are split into words by NLTK's word tokeniser rules (case kept, punctuation and clitics such as "n't" as tokens), applied to the whole text as one line. A text with fewer than k words has no k-grams, as in the reference; a text with no words at all is an error naming it.
            """) { call in
            let texts = try call.textCollection("texts")
            let length = try call.integer("n", in: 1...NgramVendi.maxGramLength)
            return .number(try NgramVendi.score(texts, order: order(call, "q"), lengths: Array(1...length),
                                                cancellation: .interrupt))
        
        }
        define("weighted_vendi(original, augmented, q = 1, variant = \"auto\", model = nil, layer = nil, resize = 32) -> record", category: "Diversity", doc: """
            The weighted Vendi Score rho * VS(augmented) (arXiv 2410.14602), which discounts diversity that is misaligned with the original data. `original` and `augmented` are tensors of embeddings, or data sets: with `model` their representations at `layer` (default the penultimate), without it their pixels (resized to `resize` x `resize` as in `vendi`). rho compares the row-normalised embeddings: "aligned" (same count, row i of augmented augments row i) uses <X, X~>_F / (|X|_F |X~|_F); "tiled" (augmented is k aligned copies stacked) tiles the original k times; "moments" (unaligned or different sizes) compares the second moments X^T X / n. "auto" picks aligned for equal counts and moments otherwise; tiled is never guessed, because a whole multiple is as often an added mix or an interleaved layout (eda_augment puts each text's copies after it): pass variant: "tiled" for the output of augment(data, a, copies: k), which stacks the copies one after the other. Returns {score, rho, vendi, variant, n, n_augmented, q}.
            """) { call in
            try weightedVendiRecord(call)
        }
        define("intdiv(K, q = 1, weights = nil) -> number", category: "Diversity", doc: """
            Intra-set diversity 1 - sum_ij p_i p_j K_ij^q of a kernel matrix `K` (a tensor or a list of rows), with uniform p unless `weights` are given (rescaled to sum to 1). A non-integer q needs a non-negative kernel. `intdiv(K, 1)` is one minus the mean similarity.
            """) { call in
            let kernel = try KernelMatrix(try matrixArgument(call, "K"), argument: "K")
            return .number(try IntraSetDiversity.score(kernel: kernel, order: call.number("q"), weights: (try call.isNil("weights")) ? nil : call.numbers("weights")))
        
        }
        define("vendi_file(path, tensor = nil, q = 1, chunk = 8192) -> number", category: "Diversity", doc: """
            The cosine Vendi Score of order `q` of embeddings stored in a file (.npy, .safetensors, or any model file wwn reads), streamed `chunk` rows at a time through the d x d second moment, so the set may be far larger than memory: only one chunk is resident at a time. `tensor` names the tensor to read (default: the file's only tensor). Float32 rows are summed in float32 within each chunk (at most 16,384 rows) and in float64 across chunks. Progress is shown on a terminal.
            """) { call in
            try vendiFile(call)
        }
    }
}


/// q as a number >= 0, infinity, or the text "inf".
private func order(_ call: BuiltinCall, _ name: String) throws -> VendiOrder {
    if case .string(let text) = try call.value(name) { return try VendiOrder(text: text) }
    do {
        return try VendiOrder(try call.number(name))
    } catch let error as DiversityError {
        throw BuiltinError("argument '\(name)': \(error.message)")
    }
}

/// A tensor, or a list of equally long lists of numbers, as a float64 matrix.
/// A kernel matrix or embeddings given as rows, with errors that name the row at fault.
private func matrixArgument(_ call: BuiltinCall, _ name: String) throws -> Tensor {
    try call.matrix(name) { problem in
        switch problem {
        case let .rowNotAList(row, value):
            return BuiltinError("argument '\(name)' must be a tensor or a list of lists of numbers; row \(row) is a \(value.typeName)")
        case let .notANumber(row, item):
            return BuiltinError("argument '\(name)': row \(row) holds a \(item.typeName), not a number")
        case .empty:
            return BuiltinError("argument '\(name)' is empty: a diversity score needs at least one sample")
        case let .ragged(row, count, width):
            return BuiltinError("argument '\(name)': row \(row) has \(count) values but row 0 has \(width)")
        }
    }
}

/// Embeddings for `vendi` and `weighted_vendi`: a tensor, a data set's pixels, a list of images
/// (pixels resized as the reference does unless `resize` is nil).
private func embeddingArgument(_ value: Value, name: String, resize: Int?) throws -> Tensor {
    switch value {
    case .object(let object as TensorObject):
        return object.tensor
    case .object(let object as DatasetObject):
        let features = object.dataset.features
        guard let resize, features.rank == 3 || features.rank == 4 else { return features }
        guard object.dataset.count > 0 else { throw BuiltinError("argument '\(name)' is an empty data set: a diversity score needs at least one image") }
        return try EmbeddingVendi.pixelMatrix(stackedImages: features, resize: resize, argument: name)
    case .list(let list):
        var images: [Tensor] = []
        for (position, item) in list.items.enumerated() {
            guard case .object(let object as TensorObject) = item else {
                throw BuiltinError("argument '\(name)': item \(position) is a \(item.typeName); a list of samples needs tensors (images), or a kernel function for other values")
            }
            images.append(object.tensor)
        }
        return try EmbeddingVendi.pixelMatrix(images, resize: resize, argument: name)
    default:
        throw BuiltinError("argument '\(name)' must be a tensor of embeddings, a data set or a list of images, got a \(value.typeName)")
    }
}

/// Whether argument `index` (`zero_rows`) asks to leave all-zero samples out of a score.
private func skipsZeroRows(_ call: BuiltinCall, _ name: String) throws -> Bool {
    try call.choice(name, ["error", "skip"]) == "skip"
}

private func vendiScore(_ call: BuiltinCall) throws -> Value {
    let q = try order(call, "q")
    var weights = try call.value("weights").isNil ? nil : try call.numbers("weights")
    if case .string = try call.value("kernel") {} else {
        let kernel = try call.callable("kernel")
        let samples = try call.elements("x")
        let score = try VendiScore.score(samples: samples, order: q, weights: weights, cancellation: .interrupt) { a, b in
            let result = try call.call(kernel, [a, b])
            guard case .number(let similarity) = result else {
                throw BuiltinError("argument 'kernel' must return a number, got a \(result.typeName)")
            }
            return similarity
        }
        return .number(score)
    }
    var x = try embeddingArgument(call.value("x"), name: "x", resize: call.optionalInteger("resize"))
    if try skipsZeroRows(call, "zero_rows") { (x, weights) = try ZeroRows.removing(from: x, weights: weights, argument: "x") }
    let kernel: EmbeddingKernel = try call.choice("kernel", ["cosine", "linear", "rbf"]) == "rbf" ? .rbf(sigma: call.number("sigma")) : .cosine
    return .number(try VendiScore.score(embeddings: x, kernel: kernel, weights: weights, order: q, cancellation: .interrupt))
}

private func weightedVendiRecord(_ call: BuiltinCall) throws -> Value {
    let q = try order(call, "q")
    let variantName = try call.choice("variant", ["auto"] + WeightedVendi.Variant.allCases.map(\.rawValue))
    var inputs: [Tensor] = []
    for name in ["original", "augmented"] {
        if try !call.value("model").isNil {
            let network = try call.network("model")
            let data = try call.dataset(name, expected: "a data set")
            let layer = try call.optionalInteger("layer") ?? network.penultimateLayer
            inputs.append(try network.representation(for: data, at: layer))
        } else {
            inputs.append(try embeddingArgument(call.value(name), name: name, resize: call.optionalInteger("resize")))
        }
    }
    let result = try WeightedVendi.score(original: inputs[0], augmented: inputs[1], order: q,
                                         variant: WeightedVendi.Variant(rawValue: variantName),
                                         cancellation: .interrupt)
    return .record([
        "score": result.score, "rho": result.rho, "vendi": result.vendi, "variant": result.variant.rawValue,
        "n": result.originalCount, "n_augmented": result.augmentedCount,
        "q": q.value.isInfinite ? Value.string("inf") : Value.number(q.value),
    ])
}

private func vendiFile(_ call: BuiltinCall) throws -> Value {
    let path = try call.string("path")
    let q = try order(call, "q")
    let chunk = try call.integer("chunk", in: 1...(1 << 24))
    let file = try ModelFile.open(path)
    let name: String
    if let given = try call.optionalString("tensor") {
        name = given
    } else {
        guard file.weights.count == 1, let only = file.weights.first else {
            throw BuiltinError("\(path) holds \(file.weights.count) tensors (\(file.weights.prefix(5).map { "'\($0.name)'" }.joined(separator: ", "))); name one with tensor:")
        }
        name = only.name
    }
    guard let info = file.weights.first(where: { $0.name == name }) else {
        throw BuiltinError("\(path) has no tensor named '\(name)'; it holds \(file.weights.prefix(5).map { "'\($0.name)'" }.joined(separator: ", "))")
    }
    let bar = TerminalProgressBar.forStandardError()
    defer { bar?.finish() }
    return .number(try StreamedVendi.score(StoredTensorRows(file, tensor: info), order: q, blockRows: chunk,
                                           progress: bar, progressLabel: "vendi_file rows", cancellation: .interrupt))
}
