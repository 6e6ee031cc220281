import CNeuralKernels

/// The element-wise loops of the hot path, implemented in C (CNeuralKernels) where they are
/// vectorised per CPU level; see `neural_kernels.h` for why and for the exact arithmetic.
enum Vector {
    /// `y = max(x, 0)` (NaN stays NaN); `x` and `y` may be the same buffer.
    @inline(__always)
    static func relu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) { wwn_relu(x, y, count) }

    /// `dx = y > 0 ? dy : 0`; `dx` may be `dy`.
    @inline(__always)
    static func reluBackward(_ dy: UnsafePointer<Float>, output y: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, count: Int) {
        wwn_relu_backward(dy, y, dx, count)
    }

    /// `dx = dy * (1 - y²)`; `dx` may be `dy`.
    @inline(__always)
    static func tanhBackward(_ dy: UnsafePointer<Float>, output y: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, count: Int) {
        wwn_tanh_backward(dy, y, dx, count)
    }

    /// `z = x * m` element-wise.
    @inline(__always)
    static func multiply(_ x: UnsafePointer<Float>, _ m: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>, count: Int) {
        wwn_multiply(x, m, z, count)
    }

    /// `x += value`.
    @inline(__always)
    static func add(_ value: Float, to x: UnsafeMutablePointer<Float>, count: Int) { wwn_add_scalar(value, x, count) }

    /// `y += x`.
    @inline(__always)
    static func accumulate(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) { wwn_accumulate(x, y, count) }

    /// The sum, in a fixed order of 16 lanes (the same bits on every run and CPU).
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float { wwn_sum(x, count) }

    /// Whether no value is NaN or infinite.
    @inline(__always)
    static func allFinite(_ x: UnsafePointer<Float>, count: Int) -> Bool { wwn_all_finite(x, count) != 0 }

    /// One SGD step with momentum, PyTorch's rule (see `Optimizer`).
    @inline(__always)
    static func sgdMomentum(_ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ b: UnsafeMutablePointer<Float>, count: Int,
                            rate: Float, decay: Float, momentum: Float, keep: Float, first: Bool, nesterov: Bool) {
        wwn_sgd_momentum(p, g, b, count, rate, decay, momentum, keep, first ? 1 : 0, nesterov ? 1 : 0)
    }

    /// One plain SGD step: `p -= rate·(g + decay·p)`.
    @inline(__always)
    static func sgd(_ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, count: Int, rate: Float, decay: Float) {
        wwn_sgd(p, g, count, rate, decay)
    }
}
