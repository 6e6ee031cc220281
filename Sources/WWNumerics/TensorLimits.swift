import Foundation

/// Limits on tensors the library allocates itself (zeros, identities, products, Gram matrices).
public enum TensorLimits {
    /// Most bytes one allocation from a user-given shape may take: the machine's physical memory.
    /// Linux overcommits, so a larger request would not fail cleanly but get the process killed
    /// while the zeros are written; refusing it up front turns a typo in a shape (or a `W Wᵀ` of
    /// a 50000-row matrix) into an error message instead.
    public static var maxAllocationBytes: Int {
        Int(clamping: ProcessInfo.processInfo.physicalMemory)
    }
}

extension Tensor {
    /// The element count of `shape` after checking it is valid and fits in memory as
    /// `elementType`; every allocation sized by caller input goes through here.
    static func allocatableCount(of shape: [Int], elementType: ElementType) throws -> Int {
        let count = try elementCount(of: shape)
        let limit = TensorLimits.maxAllocationBytes
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementType.byteCount)
        guard !overflow, bytes <= limit else {
            throw NumericsError.allocationTooLarge(shape: shape, bytes: overflow ? Int.max : bytes, limit: limit)
        }
        return count
    }
}
