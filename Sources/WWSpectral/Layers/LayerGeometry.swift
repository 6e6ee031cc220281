import WWNumerics

/// What kind of layer a weight tensor is, judged from its shape alone (a file has no layer
/// classes): the same rule WeightWatcher applies to state dicts.
public enum LayerType: String, Sendable, CaseIterable {
    /// A rank-2 tensor: Linear, Dense, Embedding, HF Conv1D. Used as stored.
    case dense
    /// A rank-4 tensor: a 2-D convolution, PyTorch or Keras layout.
    case conv2d
    /// A rank-3 tensor whose name marks stacked mixture-of-experts weights, `[experts, out, in]`
    /// (GGUF's `ffn_gate_exps`, fused `experts.gate_up_proj`): one matrix per expert, each
    /// analysed on its own (an `expert_id` row each). WeightWatcher skips rank-3 tensors.
    case experts
    /// A rank-1 tensor: a bias or the scale of a norm layer. Never analysed.
    case vector
    /// Any other rank (or a rank-2 tensor with a single row, which WeightWatcher does not
    /// recognise as a layer). Never analysed.
    case unsupported

    public static func of(shape: [Int], name: String? = nil) -> LayerType {
        switch shape.count {
        case 1: return .vector
        case 2: return shape[0] < 2 ? .unsupported : .dense
        case 3: return name.map(namesExperts) == true && shape[0] >= 1 && min(shape[1], shape[2]) >= 2 ? .experts : .unsupported
        case 4: return .conv2d
        default: return .unsupported
        }
    }

    /// The rule for a stack of experts: the name says so (`exps`, `expert`), since a rank-3
    /// tensor is otherwise a 1-D convolution `[out, in, k]`, whose slices are not matrices.
    public static func namesExperts(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.contains("exps") || lower.contains("expert")
    }
}

/// Where the kernel dimensions of a rank-4 convolution tensor are.
public enum ConvolutionLayout: String, Sendable {
    /// PyTorch: `(out, in, kh, kw)`.
    case channelsOutIn = "out,in,kh,kw"
    /// Keras / TensorFlow: `(kh, kw, in, out)`.
    case kernelFirst = "kh,kw,in,out"

    /// WeightWatcher's rule: the channel dimensions are the larger pair, so the layout is
    /// PyTorch's when `shape[0] + shape[1] >= shape[2] + shape[3]`.
    public static func detect(shape: [Int]) -> ConvolutionLayout {
        shape[0] + shape[1] >= shape[2] + shape[3] ? .channelsOutIn : .kernelFirst
    }
}

/// The matrices a layer contributes and their dimensions, before any values are read.
public struct LayerGeometry: Equatable, Sendable {
    public var type: LayerType
    /// The larger dimension of each matrix (the true one: WeightWatcher swaps N and M for
    /// convolutions with an even kernel size and fewer outputs than inputs; wwn does not).
    public var n: Int
    /// The smaller dimension: the number of eigenvalues of each matrix.
    public var m: Int
    /// Receptive field: the number of kernel positions, one matrix each (1 for dense layers).
    public var receptiveField: Int
    /// The layout of a convolution tensor; nil for other layers.
    public var layout: ConvolutionLayout?
    /// The kernel size `kh x kw` of a convolution; `1 x 1` otherwise.
    public var kernelHeight: Int
    public var kernelWidth: Int
    /// Rows and columns of each matrix as extracted (out x in for PyTorch, in x out for Keras,
    /// the tensor as stored for dense layers).
    public var sliceRows: Int
    public var sliceColumns: Int
    /// The experts of a stack of experts (one matrix and one row each); 1 for other layers.
    public var expertCount = 1

    /// `N / M`, the aspect ratio of the MP law.
    public var q: Double { m > 0 ? Double(n) / Double(m) : .nan }
    /// Eigenvalues of the pooled spectrum: `M * rf`.
    public var pooledEigenvalueCount: Int { m * receptiveField }

    /// The geometry of a tensor of this shape, or nil for tensors that are not layers
    /// (vectors, other ranks).
    /// - Parameter layout: forces a convolution layout; nil uses WeightWatcher's detection.
    /// - Parameter name: the tensor's name, which tells a stack of experts from other rank-3
    ///   tensors (``LayerType/namesExperts(_:)``).
    public init?(shape: [Int], layout: ConvolutionLayout? = nil, name: String? = nil) {
        let type = LayerType.of(shape: shape, name: name)
        self.type = type
        switch type {
        case .dense:
            (sliceRows, sliceColumns) = (shape[0], shape[1])
            receptiveField = 1
            (kernelHeight, kernelWidth) = (1, 1)
            self.layout = nil
        case .conv2d:
            let layout = layout ?? ConvolutionLayout.detect(shape: shape)
            self.layout = layout
            switch layout {
            case .channelsOutIn:
                (sliceRows, sliceColumns) = (shape[0], shape[1])
                (kernelHeight, kernelWidth) = (shape[2], shape[3])
            case .kernelFirst:
                (sliceRows, sliceColumns) = (shape[2], shape[3])
                (kernelHeight, kernelWidth) = (shape[0], shape[1])
            }
            receptiveField = kernelHeight * kernelWidth
        case .experts:
            (sliceRows, sliceColumns) = (shape[1], shape[2])
            // One matrix per expert, each a spectrum of its own (never pooled).
            expertCount = shape[0]
            receptiveField = 1
            (kernelHeight, kernelWidth) = (1, 1)
            self.layout = nil
        case .vector, .unsupported:
            return nil
        }
        n = max(sliceRows, sliceColumns)
        m = min(sliceRows, sliceColumns)
    }
}

/// One matrix of a layer, in float64, row-major.
public struct LayerMatrix: Sendable {
    public var rows: Int
    public var columns: Int
    public var values: [Double]
    /// The kernel position of a convolution slice (`i * kw + j`, WeightWatcher's order); 0 for
    /// dense layers.
    public var sliceID: Int

    public init(rows: Int, columns: Int, values: [Double], sliceID: Int = 0) {
        self.rows = rows
        self.columns = columns
        self.values = values
        self.sliceID = sliceID
    }

    public var tensor: Tensor {
        get throws { try Tensor(shape: [rows, columns], values: values) }
    }
}

extension LayerGeometry {
    /// Splits a layer's tensor into its matrices (one for a dense layer, `kh * kw` for a
    /// convolution), each scaled by `scale` in float64 as WeightWatcher does before its SVD.
    /// - Throws: ``SpectralError/shapeMismatch(name:expected:actual:)`` if the tensor's shape
    ///   does not give this geometry.
    public func matrices(of tensor: Tensor, scale: Double = 1) throws -> [LayerMatrix] {
        let scaled = Self.widened(tensor, scale: scale)
        switch type {
        case .dense:
            return [LayerMatrix(rows: sliceRows, columns: sliceColumns, values: scaled)]
        case .conv2d:
            let (kh, kw) = (kernelHeight, kernelWidth)
            let count = sliceRows * sliceColumns
            var slices: [LayerMatrix] = []
            slices.reserveCapacity(receptiveField)
            for i in 0..<kh {
                for j in 0..<kw {
                    let position = i * kw + j
                    var slice = [Double](repeating: 0, count: count)
                    if layout == .kernelFirst {
                        // (kh, kw, in, out): each kernel position is one contiguous in x out block.
                        let start = position * count
                        for k in 0..<count { slice[k] = scaled[start + k] }
                    } else {
                        // (out, in, kh, kw): element (o, c) of slice (i, j) is at ((o*in + c)*kh + i)*kw + j.
                        for k in 0..<count { slice[k] = scaled[k * receptiveField + position] }
                    }
                    slices.append(LayerMatrix(rows: sliceRows, columns: sliceColumns, values: slice, sliceID: position))
                }
            }
            return slices
        case .experts:
            let count = sliceRows * sliceColumns
            return (0..<expertCount).map { expert in
                LayerMatrix(rows: sliceRows, columns: sliceColumns, values: Array(scaled[(expert * count)..<((expert + 1) * count)]), sliceID: expert)
            }
        case .vector, .unsupported:
            return []
        }
    }

    /// The values in float64, times `scale`, in one pass into an uninitialised array: on a
    /// 30522 x 384 embedding this is the largest cost after the eigensolver, and widening then
    /// scaling (two passes, two arrays) took twice as long. `Double(x) * 1` is exact, so the
    /// values are the same bits as widening alone.
    static func widened(_ tensor: Tensor, scale: Double) -> [Double] {
        func widen<Source>(_ values: [Source], _ convert: (Source) -> Double) -> [Double] {
            [Double](unsafeUninitializedCapacity: values.count) { buffer, initialized in
                values.withUnsafeBufferPointer { source in
                    guard let from = source.baseAddress, let to = buffer.baseAddress else { return }
                    for i in 0..<source.count { to[i] = convert(from[i]) * scale }
                }
                initialized = values.count
            }
        }
        switch tensor.storage {
        case .float32(let values): return widen(values) { Double($0) }
        case .float64(let values): return scale == 1 ? values : widen(values) { $0 }
        }
    }
}
