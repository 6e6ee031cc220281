/// The limits of the neural module, each with the reason it exists.
public enum NeuralLimits {
    /// Samples per forward pass when a whole data set is evaluated (predictions, accuracy,
    /// representations): large enough that the products run at BLAS speed, small enough that the
    /// activations of a wide network stay within a few hundred MB.
    public static let inferenceBatchSize = 512
    /// The widest layer a constructor accepts. BLAS takes 32-bit dimensions, and a weight matrix
    /// of this width squared already needs 16 GB.
    public static let maxWidth = 65_536
    /// The most layers a constructor builds: deeper stacks are a typo in a study of this scale,
    /// and each layer keeps its own activation buffers.
    public static let maxLayers = 1_000
    /// The largest convolution kernel and pooling window side; anything bigger than the images
    /// this module is meant for is a mistake.
    public static let maxKernelSize = 64
    /// The most epochs `train` runs in one call, so a misplaced argument cannot start a job that
    /// never ends.
    public static let maxEpochs = 1_000_000
}
