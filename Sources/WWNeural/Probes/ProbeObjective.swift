import Foundation
import WWNumerics

/// The L2-regularised multinomial logistic-regression objective a linear probe minimises:
///
///     f(W, b) = (1/n) Σ_i -log softmax(W x_i + b)[y_i]  +  (λ/2) ||W||_F²
///
/// with `W` `[C, d]`, `b` `[C]` (not penalised, as in scikit-learn). Its gradient is
/// `∇_W = (1/n) (P - Y)ᵀ X + λ W` and `∇_b = (1/n) Σ_i (p_i - y_i)` with `P` the softmax
/// probabilities and `Y` the one-hot labels. It is convex, and strictly convex in `W` for
/// `λ > 0`; `b` is determined only up to a common constant (softmax ignores it), which the
/// solver fixes by starting at 0 (every gradient step then keeps `Σ_c b_c = 0`).
///
/// scikit-learn's `LogisticRegression(C=...)` minimises `C Σ_i CE_i + ½||W||²`, which is
/// `n C` times this objective with `λ = 1 / (n C)`: the same minimiser.
struct ProbeObjective {
    /// `[n, d]` float64 features (already standardised if asked).
    let features: Tensor
    let labels: [Int]
    let classCount: Int
    let featureCount: Int
    let l2: Double

    var parameterCount: Int { classCount * featureCount + classCount }

    /// The objective and its gradient at `parameters` = `W` row-major followed by `b`.
    func valueAndGradient(_ parameters: [Double]) throws -> (value: Double, gradient: [Double]) {
        let weightCount = classCount * featureCount
        let weights = try Tensor(shape: [classCount, featureCount], values: Array(parameters[0..<weightCount]))
        let bias = parameters[weightCount...]
        var scores = try gemm(features, weights, transposeB: true).doubleValues  // [n, C]
        let n = labels.count
        var losses = [Double](repeating: 0, count: n)
        var biasGradient = [Double](repeating: 0, count: classCount)
        for row in 0..<n {
            let start = row * classCount
            var largest = -Double.infinity
            for c in 0..<classCount {
                scores[start + c] += bias[weightCount + c]
                largest = max(largest, scores[start + c])
            }
            var sum = 0.0
            for c in 0..<classCount { sum += Foundation.exp(scores[start + c] - largest) }
            let logSum = Foundation.log(sum)
            losses[row] = (largest - scores[start + labels[row]]) + logSum
            // Turn the row into the residual p - onehot(y), the factor of both gradients.
            for c in 0..<classCount {
                scores[start + c] = Foundation.exp((scores[start + c] - largest) - logSum)
            }
            scores[start + labels[row]] -= 1
            for c in 0..<classCount { biasGradient[c] += scores[start + c] }
        }
        let residuals = try Tensor(shape: [n, classCount], values: scores)
        var gradient = try gemm(residuals, features, transposeA: true).doubleValues  // [C, d]
        let scale = 1 / Double(n)
        var penalty = 0.0
        for index in 0..<weightCount {
            let w = parameters[index]
            gradient[index] = gradient[index] * scale + l2 * w
            penalty += w * w
        }
        gradient.append(contentsOf: biasGradient.map { $0 * scale })
        let value = Statistics.compensatedSum(losses) * scale + l2 / 2 * penalty
        return (value, gradient)
    }
}
