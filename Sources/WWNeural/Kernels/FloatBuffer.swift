/// A growable float32 buffer with a stable address, owned by one layer.
///
/// Layers keep references to their inputs between the forward and the backward pass; Swift arrays
/// only lend their storage inside a closure, so the activations live in manually allocated memory
/// instead. A buffer only grows: each batch reuses the memory of the previous one.
final class FloatBuffer {
    private(set) var pointer: UnsafeMutablePointer<Float>
    private(set) var capacity: Int
    /// The number of meaningful elements (the last `resize`).
    private(set) var count: Int

    init(count: Int = 0) {
        capacity = max(count, 1)
        pointer = .allocate(capacity: capacity)
        pointer.initialize(repeating: 0, count: capacity)
        self.count = count
    }

    deinit { pointer.deallocate() }

    /// Makes room for `count` elements. Contents are kept only when no reallocation is needed, so
    /// callers treat the buffer as uninitialised after a resize that may grow it.
    func resize(_ count: Int) {
        if count > capacity {
            pointer.deallocate()
            capacity = count
            pointer = .allocate(capacity: count)
            pointer.initialize(repeating: 0, count: count)
        }
        self.count = count
    }

    /// Makes room for `count` elements and returns the address (contents undefined).
    func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        resize(count)
        return pointer
    }

    func fill(_ value: Float) { pointer.update(repeating: value, count: count) }

    func copy(from source: UnsafePointer<Float>, count: Int) {
        resize(count)
        pointer.update(from: source, count: count)
    }

    var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}
