/// The element type of a ``Tensor``.
///
/// Weights arrive as float32 (most checkpoints) or float64; analysis happens in float64
/// (the HT-SR spec computes eigenvalues in float64 from float32 weights), so both are first-class.
public enum ElementType: String, Sendable, CaseIterable {
    case float32
    case float64

    /// Bytes per element, for memory estimates.
    public var byteCount: Int {
        switch self {
        case .float32: return MemoryLayout<Float>.size
        case .float64: return MemoryLayout<Double>.size
        }
    }
}
