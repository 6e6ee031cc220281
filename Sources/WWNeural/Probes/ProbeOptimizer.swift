import WWBase

/// Deterministic full-batch L-BFGS (Nocedal 1980; Nocedal & Wright, *Numerical Optimization*,
/// algorithms 7.4 and 7.5) for the smooth convex objective of a linear probe.
///
/// - Direction: the two-loop recursion over the last ``memory`` pairs `(s, y)`, with the
///   initial Hessian `γ I`, `γ = sᵀy / yᵀy` of the newest pair; a pair is stored only when
///   `sᵀy > curvatureFloor · |s| |y|`, which keeps the approximation positive definite.
/// - Step: backtracking from 1 (from `1 / ||g||₂` on the first iteration, when there is no
///   curvature yet) under the Armijo condition `f(x + t d) <= f(x) + c₁ t gᵀd`, shrinking by
///   safeguarded quadratic interpolation. For a convex objective this is enough: the Wolfe
///   curvature condition only guarantees `sᵀy > 0`, which convexity gives already.
/// - Stop: `max_i |g_i| <= gradientTolerance` (converged); or ``stallLimit`` iterations in a
///   row without a relative decrease of the objective above ``relativeDecreaseTolerance``
///   (scikit-learn's criterion for SciPy's L-BFGS-B) or a new smallest gradient (converged:
///   at machine precision); or `maxIterations` (not converged); or a line search that cannot
///   decrease the objective (not converged).
///
/// Nothing is random, so the same data give the same probe bit for bit.
enum ProbeOptimizer {
    /// Correction pairs kept: SciPy's L-BFGS-B default (`maxcor=10`); more rarely helps a
    /// problem this well conditioned and costs memory proportional to the parameters.
    static let memory = 10
    /// Armijo sufficient-decrease constant, the usual 1e-4 (Nocedal & Wright).
    static let armijo = 1e-4
    /// Backtracking steps before the line search gives up: each shrinks the step at least by half,
    /// so 50 take it below 10^-15 of the first, where `x + t d` equals `x` in float64.
    static let maxBacktracks = 50
    /// Relative objective decrease treated as "no further progress": 64 ε, as scikit-learn's
    /// `ftol` for L-BFGS-B.
    static let relativeDecreaseTolerance = 64 * Double.ulpOfOne
    /// Consecutive iterations in which neither the objective decreased by more than
    /// ``relativeDecreaseTolerance`` nor the gradient reached a new minimum, before stopping.
    /// Near the optimum the objective's round-off hides progress that the gradient still
    /// shows: on an ill-conditioned probe (features scaled 0.2 to 10) a rule on the objective
    /// alone stops with coefficients 3e-6 from the optimum, as SciPy's L-BFGS-B does.
    static let stallLimit = 10
    /// Pairs with `sᵀy` below this fraction of `|s| |y|` are skipped (near-zero curvature would
    /// make the inverse-Hessian approximation blow up).
    static let curvatureFloor = 1e-12

    struct Outcome {
        var parameters: [Double]
        var value: Double
        var gradientMaxNorm: Double
        var iterations: Int
        var converged: Bool
    }

    static func minimize(start: [Double], maxIterations: Int, gradientTolerance: Double,
                         cancellation: Cancellation,
                         objective: ([Double]) throws -> (value: Double, gradient: [Double])) throws -> Outcome {
        var x = start
        var (f, g) = try objective(x)
        var pairs: [(s: [Double], y: [Double], rho: Double)] = []
        var iterations = 0
        var stalledIterations = 0
        var bestGradientMax = Double.infinity
        while true {
            let gradientMax = g.reduce(0) { max($0, abs($1)) }
            if gradientMax <= gradientTolerance {
                return Outcome(parameters: x, value: f, gradientMaxNorm: gradientMax, iterations: iterations, converged: true)
            }
            if iterations >= maxIterations {
                return Outcome(parameters: x, value: f, gradientMaxNorm: gradientMax, iterations: iterations, converged: false)
            }
            try cancellation.checkCancelled()
            iterations += 1
            var direction = twoLoopDirection(gradient: g, pairs: pairs)
            var slope = dot(g, direction)
            if !(slope < 0) {  // lost descent through round-off: restart from steepest descent
                pairs.removeAll()
                direction = g.map { -$0 }
                slope = dot(g, direction)
            }
            var step = pairs.isEmpty ? 1 / dot(g, g).squareRoot() : 1
            var accepted: (x: [Double], f: Double, g: [Double])?
            for _ in 0..<maxBacktracks {
                let candidate = zip(x, direction).map { $0 + step * $1 }
                let (value, gradient) = try objective(candidate)
                if value <= f + armijo * step * slope {
                    accepted = (candidate, value, gradient)
                    break
                }
                // Minimiser of the quadratic through f, the slope and the rejected value, kept
                // within [0.1, 0.5] of the step so the search neither stalls nor overshoots.
                let curvature = value - f - slope * step
                let interpolated = curvature > 0 && curvature.isFinite ? -slope * step * step / (2 * curvature) : step / 2
                step = min(max(interpolated, step / 10), step / 2)
            }
            guard let (newX, newF, newG) = accepted else {
                return Outcome(parameters: x, value: f, gradientMaxNorm: gradientMax, iterations: iterations, converged: false)
            }
            let s = zip(newX, x).map { $0 - $1 }
            let y = zip(newG, g).map { $0 - $1 }
            let sy = dot(s, y)
            if sy > curvatureFloor * (dot(s, s) * dot(y, y)).squareRoot() {
                pairs.append((s, y, 1 / sy))
                if pairs.count > memory { pairs.removeFirst() }
            }
            let decrease = f - newF
            (x, f, g) = (newX, newF, newG)
            let newGradientMax = g.reduce(0) { max($0, abs($1)) }
            let objectiveMoved = decrease > relativeDecreaseTolerance * max(abs(f), abs(f + decrease), 1)
            stalledIterations = objectiveMoved || newGradientMax < bestGradientMax ? 0 : stalledIterations + 1
            bestGradientMax = min(bestGradientMax, newGradientMax)
            if stalledIterations >= stallLimit {
                return Outcome(parameters: x, value: f, gradientMaxNorm: newGradientMax, iterations: iterations, converged: true)
            }
        }
    }

    /// `-H g` with `H` the L-BFGS inverse-Hessian approximation of the stored pairs.
    static func twoLoopDirection(gradient: [Double], pairs: [(s: [Double], y: [Double], rho: Double)]) -> [Double] {
        var q = gradient
        var alphas = [Double](repeating: 0, count: pairs.count)
        for index in pairs.indices.reversed() {
            let alpha = pairs[index].rho * dot(pairs[index].s, q)
            alphas[index] = alpha
            axpy(-alpha, pairs[index].y, &q)
        }
        if let newest = pairs.last {
            let gamma = 1 / (newest.rho * dot(newest.y, newest.y))
            for index in q.indices { q[index] *= gamma }
        }
        for index in pairs.indices {
            let beta = pairs[index].rho * dot(pairs[index].y, q)
            axpy(alphas[index] - beta, pairs[index].s, &q)
        }
        return q.map { -$0 }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for index in a.indices { sum += a[index] * b[index] }
        return sum
    }

    static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        for index in y.indices { y[index] += alpha * x[index] }
    }
}
