import Foundation

/// The update rules, with PyTorch's semantics (`torch.optim`) so a learning rate, momentum or
/// weight decay from a paper means the same here.
public enum OptimizerKind: Equatable, Sendable {
    /// `torch.optim.SGD`: the momentum buffer starts as the first gradient, then
    /// `buf = momentum * buf + (1 - dampening) * g`; Nesterov steps along `g + momentum * buf`.
    case sgd(momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false)
    /// `torch.optim.Adam` (bias-corrected moments; weight decay is coupled L2, added to the gradient).
    case adam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)
    /// `torch.optim.AdamW`: Adam with decoupled weight decay (`p *= 1 - lr * wd` before the step).
    case adamW(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)

    public static let names = ["sgd", "adam", "adamw"]
}

/// Learning rate per epoch, as PyTorch's schedulers stepped once per epoch.
public enum LearningRateSchedule: Equatable, Sendable {
    case constant
    /// `StepLR`: multiply by `gamma` every `stepSize` epochs.
    case step(stepSize: Int, gamma: Double)
    /// `CosineAnnealingLR`: from the base rate down to `minimum` over `period` epochs (nil: the
    /// whole run), `minimum + (base - minimum)(1 + cos(pi e / period)) / 2` at epoch `e`.
    case cosine(period: Int?, minimum: Double)

    public static let names = ["constant", "step", "cosine"]

    /// The rate for 0-based `epoch` of a run of `epochs`.
    public func rate(base: Double, epoch: Int, epochs: Int) -> Double {
        switch self {
        case .constant:
            return base
        case .step(let size, let gamma):
            return base * Foundation.pow(gamma, Double(epoch / max(size, 1)))
        case .cosine(let period, let minimum):
            let length = Double(max(period ?? epochs, 1))
            return minimum + (base - minimum) * (1 + Foundation.cos(Double.pi * Double(epoch) / length)) / 2
        }
    }
}

/// An optimiser's state over a network's parameters (momentum buffers, moment estimates).
final class Optimizer {
    let kind: OptimizerKind
    let weightDecay: Float
    private var firstMoments: [ObjectIdentifier: [Float]] = [:]
    private var secondMoments: [ObjectIdentifier: [Float]] = [:]
    private var steps = 0

    init(kind: OptimizerKind, weightDecay: Double) {
        self.kind = kind
        self.weightDecay = Float(weightDecay)
    }

    /// One step on every unfrozen parameter with the current gradients.
    func step(_ parameters: [Parameter], learningRate: Double) {
        steps += 1
        for parameter in parameters where !parameter.isFrozen {
            switch kind {
            case .sgd(let momentum, let dampening, let nesterov):
                sgd(parameter, rate: Float(learningRate), momentum: Float(momentum), dampening: Float(dampening), nesterov: nesterov)
            case .adam(let beta1, let beta2, let epsilon):
                adam(parameter, rate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, decoupled: false)
            case .adamW(let beta1, let beta2, let epsilon):
                adam(parameter, rate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, decoupled: true)
            }
        }
    }

    private func sgd(_ parameter: Parameter, rate: Float, momentum: Float, dampening: Float, nesterov: Bool) {
        let count = parameter.count, decay = weightDecay
        let key = ObjectIdentifier(parameter)
        let isFirst = momentum != 0 && firstMoments[key] == nil
        var buffer = momentum != 0 ? (firstMoments.removeValue(forKey: key) ?? [Float](repeating: 0, count: count)) : []
        parameter.values.withUnsafeMutableBufferPointer { p in
            parameter.gradient.withUnsafeBufferPointer { g in
                buffer.withUnsafeMutableBufferPointer { b in
                    let p = p.baseAddress!, g = g.baseAddress!, b = momentum != 0 ? b.baseAddress : nil
                    // Element-wise, so the parts give the same bits as one pass.
                    Parallel.forEachRange(count: count) { range in
                        let i = range.lowerBound
                        if let b {
                            Vector.sgdMomentum(p + i, g + i, b + i, count: range.count, rate: rate, decay: decay,
                                               momentum: momentum, keep: 1 - dampening, first: isFirst, nesterov: nesterov)
                        } else {
                            Vector.sgd(p + i, g + i, count: range.count, rate: rate, decay: decay)
                        }
                    }
                }
            }
        }
        if momentum != 0 { firstMoments[key] = buffer }
    }

    private func adam(_ parameter: Parameter, rate: Double, beta1: Double, beta2: Double, epsilon: Double, decoupled: Bool) {
        let count = parameter.count
        let key = ObjectIdentifier(parameter)
        var m = firstMoments.removeValue(forKey: key) ?? [Float](repeating: 0, count: count)
        var v = secondMoments.removeValue(forKey: key) ?? [Float](repeating: 0, count: count)
        let correction1 = 1 - Foundation.pow(beta1, Double(steps))
        let correction2 = 1 - Foundation.pow(beta2, Double(steps))
        let stepSize = Float(rate / correction1), root2 = Float(correction2.squareRoot())
        let b1 = Float(beta1), b2 = Float(beta2), eps = Float(epsilon)
        let coupledDecay = decoupled ? 0 : weightDecay
        let shrink = decoupled ? Float(1 - rate * Double(weightDecay)) : 1
        parameter.values.withUnsafeMutableBufferPointer { p in
            parameter.gradient.withUnsafeBufferPointer { g in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        for i in 0..<count {
                            p[i] *= shrink
                            let d = g[i] + coupledDecay * p[i]
                            m[i] += (1 - b1) * (d - m[i])
                            v[i] = b2 * v[i] + (1 - b2) * d * d
                            p[i] -= stepSize * m[i] / (v[i].squareRoot() / root2 + eps)
                        }
                    }
                }
            }
        }
        firstMoments[key] = m
        secondMoments[key] = v
    }
}
