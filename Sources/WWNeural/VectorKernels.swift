/// Element-wise loops written with explicit SIMD vectors. The compiler does not vectorise the
/// plain loops with a comparison in them (it emits a branch per element), and these run over
/// every activation of every batch; 16 lanes is one AVX-512 register, two AVX2 ones.
enum Vector {
    typealias Lanes = SIMD16<Float>
    static let width = 16

    @inline(__always)
    private static func load(_ p: UnsafePointer<Float>) -> Lanes { UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }

    @inline(__always)
    private static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self) }

    /// `y = max(x, 0)`; `x` and `y` may be the same buffer.
    static func relu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        let zero = Lanes(repeating: 0)
        while i + width <= count {
            store(pointwiseMax(load(x + i), zero), y + i)
            i += width
        }
        while i < count {
            y[i] = max(x[i], 0)
            i += 1
        }
    }

    /// `dx = y > 0 ? dy : 0`; `dx` may be `dy`.
    static func reluBackward(_ dy: UnsafePointer<Float>, output y: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        let zero = Lanes(repeating: 0)
        while i + width <= count {
            store(load(dy + i).replacing(with: zero, where: load(y + i) .<= zero), dx + i)
            i += width
        }
        while i < count {
            dx[i] = y[i] > 0 ? dy[i] : 0
            i += 1
        }
    }

    /// `dx = dy * (1 - y²)`; `dx` may be `dy`.
    static func tanhBackward(_ dy: UnsafePointer<Float>, output y: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        let one = Lanes(repeating: 1)
        while i + width <= count {
            let v = load(y + i)
            store(load(dy + i) * (one - v * v), dx + i)
            i += width
        }
        while i < count {
            dx[i] = dy[i] * (1 - y[i] * y[i])
            i += 1
        }
    }

    /// `z = x * m` element-wise.
    static func multiply(_ x: UnsafePointer<Float>, _ m: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + width <= count {
            store(load(x + i) * load(m + i), z + i)
            i += width
        }
        while i < count {
            z[i] = x[i] * m[i]
            i += 1
        }
    }

    /// `x += value` on `count` elements.
    static func add(_ value: Float, to x: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        let v = Lanes(repeating: value)
        while i + width <= count {
            store(load(x + i) + v, x + i)
            i += width
        }
        while i < count {
            x[i] += value
            i += 1
        }
    }

    /// `y += x` on `count` elements.
    static func accumulate(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + width <= count {
            store(load(y + i) + load(x + i), y + i)
            i += width
        }
        while i < count {
            y[i] += x[i]
            i += 1
        }
    }

    /// The sum of `count` elements, in 16 interleaved partial sums (a fixed order, so the result
    /// is the same on every run).
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var i = 0
        var partial = Lanes(repeating: 0)
        while i + width <= count {
            partial += load(x + i)
            i += width
        }
        var total = partial.sum()
        while i < count {
            total += x[i]
            i += 1
        }
        return total
    }

    /// One SGD step with momentum (PyTorch's rule; see `Optimizer`): `d = g + decay·p`;
    /// `b = first ? d : momentum·b + keep·d`; `p -= rate·(nesterov ? d + momentum·b : b)`.
    static func sgdMomentum(_ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ b: UnsafeMutablePointer<Float>, count: Int,
                            rate: Float, decay: Float, momentum: Float, keep: Float, first: Bool, nesterov: Bool) {
        let r = Lanes(repeating: rate), wd = Lanes(repeating: decay), mu = Lanes(repeating: momentum), k = Lanes(repeating: keep)
        var i = 0
        while i + width <= count {
            let pv = load(p + i)
            let d = load(g + i) + wd * pv
            let bv = first ? d : mu * load(b + i) + k * d
            store(bv, b + i)
            store(pv - r * (nesterov ? d + mu * bv : bv), p + i)
            i += width
        }
        while i < count {
            let d = g[i] + decay * p[i]
            let bv = first ? d : momentum * b[i] + keep * d
            b[i] = bv
            p[i] -= rate * (nesterov ? d + momentum * bv : bv)
            i += 1
        }
    }

    /// One plain SGD step: `p -= rate·(g + decay·p)`.
    static func sgd(_ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, count: Int, rate: Float, decay: Float) {
        let r = Lanes(repeating: rate), wd = Lanes(repeating: decay)
        var i = 0
        while i + width <= count {
            let pv = load(p + i)
            store(pv - r * (load(g + i) + wd * pv), p + i)
            i += width
        }
        while i < count {
            p[i] -= rate * (g[i] + decay * p[i])
            i += 1
        }
    }
}
