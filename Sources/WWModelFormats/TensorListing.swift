/// What each format's reader produces: a file's tensors in the order the analysis numbers
/// layers by, and its free-form metadata.
struct TensorListing {
    var tensors: [StoredTensor] = []
    var metadata: [(key: String, value: String)] = []
    /// Whether `tensors` are in module order (PyTorch pickles, NumPy archives, safetensors files
    /// carrying wwn's order metadata) rather than sorted by name.
    var keepsModuleOrder = true
    /// WeightWatcher 0.7.7's ids for this input, when they are not its state-dict numbering of
    /// `tensors` in order (see `WeightCollection.weightWatcherLayerIDs`).
    var weightWatcherIDs: [String: Int]?
}

extension Array where Element == UInt8 {
    /// Byte-wise (code point) order: Python's `sorted()` of names, whatever the locale.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
