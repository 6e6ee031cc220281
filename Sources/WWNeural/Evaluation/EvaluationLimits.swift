/// Limits of the evaluation metrics, each with its reason.
public enum EvaluationLimits {
    /// Most classes a label vector may imply (largest label + 1). Per-class arrays are sized by
    /// it, so a stray label such as 10^9 would otherwise allocate gigabytes before any error;
    /// 100,000 is well above the largest common label sets (ImageNet-21k has 21,841 classes).
    public static let maxClassCount = 100_000
    /// Most classes of a confusion matrix: it has `classCount²` cells, and 4,096² (16.8 million
    /// counts, 134 MB) is already far more than anyone reads.
    public static let maxConfusionClassCount = 4_096
    /// Most calibration bins: the bins are a table a person reads or plots; beyond 10,000 nearly
    /// every bin is empty for any realistic test set.
    public static let maxCalibrationBinCount = 10_000
    /// Tolerance on `|Σ_j p_ij - 1|` for a row of probabilities: float32 softmax outputs over a
    /// thousand classes are off by about 1e-5, while anything off by more than 1e-3 is not a
    /// probability vector (logits or unnormalised scores passed by mistake).
    public static let probabilitySumTolerance = 1e-3
}
