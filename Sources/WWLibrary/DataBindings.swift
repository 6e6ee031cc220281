import WWData
import WWInterpreter
import WWNumerics

extension Registry {
    /// Built-ins for data sets: the bundled and synthetic sets, the file loaders, and the
    /// dataset methods (split, batches, normalise, ...).
    func defineData() {
        category("Data", doc: """
            Labelled data sets for training and evaluation. A dataset has fields `x` (the features, a \
            tensor `[n, ...]`; images are channels-first float32 in [0, 1]), `y` (the labels, class \
            numbers from 0), `classes` (the class names), `shape` (one sample's shape), `count`, `name`, \
            `texts` (for text sets, else nil) and `soft_labels` (nil, or a tensor `[n, classes]` of \
            target distributions: a set materialised through MixUp or CutMix, whose `y` is then each \
            sample's dominant class; training takes its cross-entropy against them). `digits()` and \
            `shapes()` are built in and always \
            available; the loaders read MNIST-style IDX files, CIFAR binaries, CSV tables, text \
            files and JSON Lines, image folders of PNG and JPEG, SVHN's .mat files and .npy labels \
            (docs/data.md gives each one's conventions). Methods return new datasets and never change the one they are called on. Random \
            methods take `seed`: without it they draw from the session's stream (see `seed`).
            """)
        defineBundledData()
        defineDataLoaders()
        defineImageLoaders()
        defineDataSelection()
        defineDataTransforms()
        defineTextFeatures()
    }

    private func defineBundledData() {
        define("digits() -> dataset", category: "Data", doc: """
            The bundled 8x8 handwritten digits: 1797 images of shape [1, 8, 8] in 10 classes "0".."9", \
            pixel counts 0..16 divided by 16. From the UCI Optical Recognition of Handwritten Digits \
            set (Alpaydin & Kaynak, CC BY 4.0), as scikit-learn ships it; embedded in the binary.
            """) { _ in
            .object(DatasetObject(try Dataset.digits()))
        }
        define("shapes(n = 5000, classes = 10, seed = 0) -> dataset", category: "Data", doc: """
            A procedural set of `n` 32x32 colour images (shape [3, 32, 32]) of simple figures: \
            circle, square, triangle, cross, ring, diamond, star, ellipse, stripes and checker. \
            `classes` is how many of them (the first ones) or a list of their names. Each image has \
            one figure at a random position, size, small turn and colour on a plain background, \
            anti-aliased, with slight noise. Sample i has label i % classes; the same seed gives \
            the same pixels, and a smaller n gives the first images of a larger one.
            """) { call in
            let n = try call.integer("n", in: 0...DataLimits.maxSamples)
            let seed = UInt64(try call.integer("seed", in: 0...Int(Int32.max)))
            if case .list(let names) = try call.value("classes") {
                let kinds = try names.items.map { item -> ShapeKind in
                    guard case .string(let name) = item, let kind = ShapeKind(rawValue: name) else {
                        throw BuiltinError("shapes: argument 'classes' must list figure names (\(ShapeKind.allCases.map(\.rawValue).joined(separator: ", "))), got \(describeForError(item))")
                    }
                    return kind
                }
                return .object(DatasetObject(try Shapes.generate(count: n, kinds: kinds, seed: seed, cancellation: .interrupt)))
            }
            let classes = try call.integer("classes", in: 1...Shapes.maxClasses)
            return .object(DatasetObject(try Shapes.generate(count: n, classes: classes, seed: seed, cancellation: .interrupt)))
        }
        define("gaussian_mixture(n = 1000, dims = 2, classes = 3, separation = 3, seed = 0) -> dataset", category: "Data", doc: """
            `n` points in `dims` dimensions from `classes` Gaussians with identity covariance. Each \
            class mean is a random direction times `separation`, so separation is the distance of \
            the means from the origin in noise standard deviations (0: no signal). Sample i has \
            label i % classes.
            """) { call in
            let n = try call.integer("n", in: 0...DataLimits.maxSamples)
            let dims = try call.integer("dims", in: 1...SyntheticData.maxDimensions)
            let classes = try call.integer("classes", in: 1...SyntheticData.maxClasses)
            let separation = try call.number("separation")
            let seed = UInt64(try call.integer("seed", in: 0...Int(Int32.max)))
            return .object(DatasetObject(try SyntheticData.gaussianMixture(count: n, dimensions: dims, classes: classes, separation: separation, seed: seed)))
        }
        define("teacher_student(n = 1000, dims = 20, classes = 2, hidden = 32, depth = 1, noise = 0, seed = 0) -> dataset",
               category: "Data", doc: """
            Standard Gaussian inputs (`n` x `dims`) labelled by a random teacher network: `depth` \
            hidden ReLU layers of `hidden` units with N(0, 1/fan_in) weights and no biases; the label \
            is the argmax of its `classes` outputs. With probability `noise` a label is replaced by \
            another class drawn uniformly. Class frequencies are whatever the teacher gives.
            """) { call in
            let n = try call.integer("n", in: 0...DataLimits.maxSamples)
            let dims = try call.integer("dims", in: 1...SyntheticData.maxDimensions)
            let classes = try call.integer("classes", in: 2...SyntheticData.maxClasses)
            let hidden = try call.integer("hidden", in: 1...SyntheticData.maxTeacherWidth)
            let depth = try call.integer("depth", in: 0...SyntheticData.maxTeacherDepth)
            let noise = try call.number("noise")
            let seed = UInt64(try call.integer("seed", in: 0...Int(Int32.max)))
            return .object(DatasetObject(try SyntheticData.teacherStudent(count: n, dimensions: dims, classes: classes, hidden: hidden, depth: depth,
                                                 labelNoise: noise, seed: seed).dataset))
        }
        define("dataset(x, y, classes = nil, name = \"data\") -> dataset", category: "Data", doc: """
            A dataset from a features tensor `x` (one sample per row of its first axis), or a list \
            of texts (a text set without features, as load_text with features "none": for \
            embed, the text built-ins and fine-tuning an encoder with classifier), and a list \
            of labels `y` (class numbers from 0). `classes` is a list of class names or a number of \
            classes; without it there are max(y) + 1 classes named "0", "1", ....
            """) { call in
            var texts: [String]?
            let features: Tensor
            switch try call.value("x") {
            case .object(let tensor as TensorObject): features = tensor.tensor
            case .list(let items) where items.items.allSatisfy(\.isString):
                let strings = try stringList(call, "x", what: "texts")
                texts = strings
                features = try Tensor(shape: [strings.count, 0], values: [Float]())
            default: throw call.fail("x", expected: "a tensor or a list of texts")
            }
            let labels = try call.numbers("y").enumerated().map { i, y -> Int in
                guard y == y.rounded(), y >= 0, y < Double(DataLimits.maxClasses) else {
                    throw BuiltinError("dataset: label \(formatNumber(y)) of sample \(i) is not a class number (a whole number >= 0)")
                }
                return Int(y)
            }
            let names: [String]
            switch try call.value("classes") {
            case .nil: names = (0...(labels.max() ?? 0)).map(String.init)
            case .number: names = (0..<(try call.integer("classes", in: 1...DataLimits.maxClasses))).map(String.init)
            default: names = try stringList(call, "classes", what: "class names")
            }
            let name = try call.string("name")
            return .object(DatasetObject(try Dataset(name: name, features: features, labels: labels, classNames: names, texts: texts)))
        }
    }

    private func defineDataLoaders() {
        define("load_svhn(path) -> dataset", category: "Data", doc: """
            SVHN's cropped digits from one of its MATLAB files (train_32x32.mat, test_32x32.mat, \
            extra_32x32.mat; MATLAB 5, compressed or not, or v7.3, read by libmatio): images \
            [3, 32, 32] and classes "0".."9", the label 10 read as 0 as torchvision does.
            """) { call in
            .object(DatasetObject(try Dataset.svhn(path: try call.string("path"), cancellation: .interrupt)))
        }
        define("load_labels(path) -> list", category: "Data", doc: """
            Integer class labels from a NumPy `.npy` file of shape [n] or [n, 1] (any integer type, \
            bool, or floats holding whole numbers >= 0), as a list for `dataset(x, y)`.
            """) { call in
            .list(ListObject(try NumpyLabels.read(try call.string("path")).map { .number(Double($0)) }))
        }
        define("load_idx(images, labels, classes = nil) -> dataset", category: "Data", doc: """
            An image set from IDX files, the format of MNIST and Fashion-MNIST (gzipped .gz files \
            are read as they are). Byte images [n, h, w] become [n, 1, h, w] divided by 255. \
            `classes` names the classes (e.g. Fashion-MNIST's); without it they are "0", "1", ....
            """) { call in
            let names = (try call.isNil("classes")) ? nil : try stringList(call, "classes", what: "class names")
            let (images, labels) = (try call.string("images"), try call.string("labels"))
            return .object(DatasetObject(try Dataset.idx(images: images, labels: labels, classNames: names)))
        }
        define("load_cifar(path, split = \"train\", labels = \"fine\") -> dataset", category: "Data", doc: """
            CIFAR-10 or CIFAR-100 from the binary version: `path` is the extracted directory \
            (cifar-10-batches-bin: data_batch_1..5.bin or test_batch.bin by `split`; cifar-100-binary: \
            train.bin or test.bin), one batch file, or a list of them. Class names come from \
            batches.meta.txt or fine/coarse_label_names.txt beside the files. For CIFAR-100, \
            `labels` is "fine" (100 classes) or "coarse" (20 superclasses). Images are [3, 32, 32].
            """) { call in
            let paths = try call.value("path").isString ? [try call.string("path")] : try stringList(call, "path", what: "paths")
            let split = try call.choice("split", ["train", "test"])
            let labels = try call.choice("labels", of: CIFARReader.LabelKind.self)
            return .object(DatasetObject(try Dataset.cifar(paths: paths, split: split, labels: labels, cancellation: .interrupt)))
        }
        define("load_csv(path, label = -1, header = nil, order = \"sorted\", delimiter = nil) -> dataset", category: "Data", doc: """
            A table of numbers with one label column; every other column is a feature. `label` is \
            the label column's header name or position (0 is the first, -1 the last). `header` nil \
            detects a header row (the first row is one when a field outside the label column is \
            not a number). Labels become classes by `order`: "sorted" (numerically when every label \
            is a number, otherwise alphabetically, so train and test files agree) or "appearance". \
            `delimiter` nil means tab for .tsv files and comma otherwise. Quoted fields follow RFC 4180.
            """) { call in
            let path = try call.string("path")
            let label: ColumnReference
            switch try call.value("label") {
            case .string(let name): label = .name(name)
            default: label = .index(try call.integer("label", in: -DataLimits.maxSampleElements...DataLimits.maxSampleElements))
            }
            let header: Bool? = (try call.isNil("header")) ? nil : try call.bool("header")
            let order = try call.choice("order", of: ClassOrder.self)
            let delimiter = try call.optionalString("delimiter")
            guard delimiter == nil || delimiter?.count == 1 else {
                throw BuiltinError("load_csv: argument 'delimiter' must be one character, got \"\(delimiter ?? "")\"")
            }
            return .object(DatasetObject(try Dataset.csv(path: path, label: label, header: header, order: order, delimiter: delimiter?.first,
                                cancellation: .interrupt)))
        }
        define("load_text(path, layout = nil, text = \"text\", label = \"label\", order = \"sorted\", features = \"hashed\", dims = 1024, ngrams = 1) -> dataset",
               category: "Data", doc: """
            A text-classification set; the texts are kept (field `texts`). `layout` is "columns" \
            (a CSV/TSV table with a header; `text` and `label` name the columns), "label_first" (one \
            example per line: label, tab, text), "text_first" (text, tab, label), "jsonl" (JSON \
            Lines, one object per line as HF datasets' to_json writes; `text` and `label` name the \
            fields, a label may be a string, a whole number or a boolean) or "parquet" (a Parquet \
            file as HF datasets' to_parquet writes; `text` and `label` name top-level columns, \
            the labels strings, integers or booleans; a null is an error naming its row); nil \
            means "columns" for .csv files, "jsonl" for .jsonl and .ndjson, "parquet" for \
            .parquet, and "label_first" otherwise (.gz files are read as they are). Labels \
            become classes by `order` \
            as in load_csv. `features` is "hashed" (counts of word n-grams up to `ngrams` words, \
            hashed into `dims` columns; a train and a test set agree without a shared vocabulary) \
            or "none" (featurise later with hashed_features or bag_of_words).
            """) { call in
            let path = try call.string("path")
            let layout = try call.optionalString("layout").map { _ in
                try call.choice("layout", of: TextLayout.self)
            }
            let order = try call.choice("order", of: ClassOrder.self)
            let features: TextFeaturization = try call.choice("features", ["hashed", "none"]) == "none" ? .none
                : .hashed(dimensions: try call.integer("dims", in: 1...DataLimits.maxSampleElements),
                          ngrams: try call.integer("ngrams", in: 1...TextFeatures.maxNgram))
            let (textColumn, labelColumn) = (try call.string("text"), try call.string("label"))
            return .object(DatasetObject(try Dataset.text(path: path, layout: layout, textColumn: textColumn, labelColumn: labelColumn,
                                 order: order, features: features)))
        }
    }
}


/// A list argument holding only strings.
func stringList(_ call: BuiltinCall, _ name: String, what: String) throws -> [String] {
    let items = try call.list(name).items
    return try items.enumerated().map { k, item in
        guard case .string(let s) = item else {
            throw BuiltinError("argument '\(name)' must be a list of \(what) (strings), but element \(k) is \(describeForError(item))")
        }
        return s
    }
}

extension Value {
    var isString: Bool { if case .string = self { return true } else { return false } }
}
