/// The names Keras gives a layer's variables, for Keras 3 files, which store them only by
/// position (`vars/0`, `vars/1`, ...). Known classes get the names Keras's legacy `.h5` writer
/// records for them (so a `.keras` file and its `.h5` twin list the same tensors); others, or
/// a known class whose variable count does not match its config, get their positions.
enum KerasVariableNames {
    /// Classes whose variables are a kernel and, with `use_bias` (the default), a bias.
    static let kernelAndBias: Set<String> = [
        "Dense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
        "DepthwiseConv1D", "DepthwiseConv2D",
    ]

    static func names(className: String, config: OrderedJSON?, count: Int) -> [String] {
        func flag(_ key: String) -> Bool {
            if case .bool(let value)? = config?[key] { return value }
            return true
        }
        var known: [String]?
        if kernelAndBias.contains(className) {
            known = ["kernel"] + (flag("use_bias") ? ["bias"] : [])
        } else if className == "Embedding" {
            known = ["embeddings"]
        } else if className == "BatchNormalization" {
            known = (flag("scale") ? ["gamma"] : []) + (flag("center") ? ["beta"] : []) + ["moving_mean", "moving_variance"]
        } else if className == "LayerNormalization" {
            known = (flag("scale") ? ["gamma"] : []) + (flag("center") ? ["beta"] : [])
        }
        if let known, known.count == count { return known }
        return (0..<count).map(String.init)
    }
}
