/// What each format's reader produces: a file's tensors in the order the analysis numbers
/// layers by, and its free-form metadata.
struct TensorListing {
    var tensors: [StoredTensor] = []
    var metadata: [(key: String, value: String)] = []
}

extension Array where Element == UInt8 {
    /// Byte-wise (code point) order: Python's `sorted()` of names, whatever the locale.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
