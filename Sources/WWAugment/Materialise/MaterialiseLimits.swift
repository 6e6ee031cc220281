/// Limits of materialising augmented data sets (``MaterialisedAugmentation``).
public enum MaterialiseLimits {
    /// Samples augmented between two calls of `beforeChunk` (progress and cancellation): large
    /// enough to keep both cores busy, small enough that a cancellation answers within a
    /// fraction of a second and that a chunk's buffers (6 MB for 3 x 32 x 32) are reused by the
    /// allocator instead of being mapped afresh, which costs the kernel a page clear per 4 KB.
    /// Part of the result: chunk c of copy k draws its own seed, so changing it changes the bytes.
    public static let samplesPerChunk = 512
    /// Most augmented copies one materialisation makes.
    public static let maxCopies = 1000
}
