import Foundation

/// SciPy's Nelder–Mead simplex search, step for step, for the two places wwn must land where
/// SciPy lands: the powerlaw package's bounded
/// `scipy.optimize.minimize(method="Nelder-Mead", bounds=..., tol=1e-4)`, and the polish of the
/// MP fit, WeightWatcher's `optimize.brute(..., finish=fmin)` (one unbounded parameter: infinite
/// bounds make every clip a no-op, and `fmin` is the same algorithm with the same defaults). It
/// follows:
/// the same initial simplex (5% steps, 0.00025 for a zero coordinate), the same reflection,
/// expansion, contraction and shrink coefficients (1, 2, 0.5, 0.5), the same clipping of every
/// trial point into the bounds, the same stopping rule (simplex spread and value spread both
/// within the tolerances) and the same budget (200 evaluations and iterations per parameter).
///
/// Why replicate rather than optimise better: with `tol = 1e-4` the powerlaw package stops far
/// from the exact optimum (relative errors of 1e-5 in the parameters are normal), so a better
/// optimiser would not reproduce its numbers. Following the same path on the same objective gives
/// the same point up to rounding. `refine` continues from there to a tight optimum when the user
/// asks for precision instead of parity.
public struct NelderMead {
    /// Lower and upper bound of each parameter; infinite when the parameter is unbounded.
    public var lower: [Double]
    public var upper: [Double]
    /// `xatol` and `fatol` of scipy (both set from `tol`).
    public var tolerance: Double = 1e-4
    /// scipy's default budget: 200 iterations and 200 evaluations per parameter.
    public var budgetPerParameter = 200

    public struct Result {
        public var point: [Double]
        public var value: Double
        /// False when the budget ran out (scipy's `success`).
        public var converged: Bool
        public var evaluations: Int
    }

    public init(lower: [Double], upper: [Double], tolerance: Double = 1e-4, budgetPerParameter: Int = 200) {
        self.lower = lower
        self.upper = upper
        self.tolerance = tolerance
        self.budgetPerParameter = budgetPerParameter
    }

    private struct BudgetExhausted: Error {}

    /// Minimises `objective` from `start`. The objective may return NaN or +inf; NaN compares
    /// false everywhere and sorts last, as in NumPy.
    public func minimize(_ start: [Double], _ objective: ([Double]) -> Double) -> Result {
        let dimension = start.count
        let maxEvaluations = budgetPerParameter * dimension
        let maxIterations = budgetPerParameter * dimension
        var evaluations = 0
        func evaluate(_ point: [Double]) throws -> Double {
            if evaluations >= maxEvaluations { throw BudgetExhausted() }
            evaluations += 1
            return objective(point)
        }
        func clip(_ point: [Double]) -> [Double] {
            (0..<dimension).map { Swift.min(Swift.max(point[$0], lower[$0]), upper[$0]) }
        }

        let origin = clip(start)
        var simplex: [[Double]] = [origin]
        for k in 0..<dimension {
            var vertex = origin
            vertex[k] = vertex[k] != 0 ? (1 + 0.05) * vertex[k] : 0.00025
            simplex.append(vertex)
        }
        // A start on the upper bound would put the whole simplex outside it: reflect inwards.
        simplex = simplex.map { vertex in
            clip((0..<dimension).map { vertex[$0] > upper[$0] ? 2 * upper[$0] - vertex[$0] : vertex[$0] })
        }
        var values = [Double](repeating: .infinity, count: dimension + 1)
        do {
            for k in 0...dimension { values[k] = try evaluate(simplex[k]) }
        } catch {}
        Self.sort(&simplex, &values)

        var iterations = 1
        while evaluations < maxEvaluations && iterations < maxIterations {
            var spread = 0.0
            for vertex in simplex.dropFirst() {
                for j in 0..<dimension { spread = Swift.max(spread, abs(vertex[j] - simplex[0][j])) }
            }
            var valueSpread = 0.0
            for v in values.dropFirst() { valueSpread = Self.nanMax(valueSpread, abs(values[0] - v)) }
            if spread <= tolerance && valueSpread <= tolerance { break }
            do {
                try step(&simplex, &values, dimension: dimension, evaluate: evaluate, clip: clip)
                iterations += 1
            } catch {}
            Self.sort(&simplex, &values)
        }
        let converged = !(evaluations >= maxEvaluations || iterations >= maxIterations)
        return Result(point: simplex[0], value: values.min() ?? values[0], converged: converged, evaluations: evaluations)
    }

    /// One Nelder–Mead iteration on a sorted simplex (best first).
    private func step(_ simplex: inout [[Double]], _ values: inout [Double], dimension: Int,
                      evaluate: ([Double]) throws -> Double, clip: ([Double]) -> [Double]) throws {
        let worst = simplex[dimension]
        var centroid = [Double](repeating: 0, count: dimension)
        for vertex in simplex.dropLast() {
            for j in 0..<dimension { centroid[j] += vertex[j] }
        }
        centroid = centroid.map { $0 / Double(dimension) }
        func along(_ a: Double, _ b: Double) -> [Double] {
            clip((0..<dimension).map { a * centroid[$0] - b * worst[$0] })
        }
        let reflected = along(2, 1)
        let reflectedValue = try evaluate(reflected)
        if reflectedValue < values[0] {
            let expanded = along(3, 2)
            let expandedValue = try evaluate(expanded)
            if expandedValue < reflectedValue {
                simplex[dimension] = expanded; values[dimension] = expandedValue
            } else {
                simplex[dimension] = reflected; values[dimension] = reflectedValue
            }
            return
        }
        if reflectedValue < values[dimension - 1] {
            simplex[dimension] = reflected; values[dimension] = reflectedValue
            return
        }
        var shrink = false
        if reflectedValue < values[dimension] {
            let contracted = along(1.5, 0.5)
            let contractedValue = try evaluate(contracted)
            if contractedValue <= reflectedValue {
                simplex[dimension] = contracted; values[dimension] = contractedValue
            } else {
                shrink = true
            }
        } else {
            let inside = clip((0..<dimension).map { 0.5 * centroid[$0] + 0.5 * worst[$0] })
            let insideValue = try evaluate(inside)
            if insideValue < values[dimension] {
                simplex[dimension] = inside; values[dimension] = insideValue
            } else {
                shrink = true
            }
        }
        if shrink {
            for j in 1...dimension {
                simplex[j] = clip((0..<dimension).map { simplex[0][$0] + 0.5 * (simplex[j][$0] - simplex[0][$0]) })
                values[j] = try evaluate(simplex[j])
            }
        }
    }

    /// Stable sort by value with NaN last (NumPy's `argsort` order on these tiny arrays).
    private static func sort(_ simplex: inout [[Double]], _ values: inout [Double]) {
        let order = values.indices.sorted { a, b in
            let x = values[a], y = values[b]
            if x.isNaN { return false }
            if y.isNaN { return true }
            if x != y { return x < y }
            return a < b
        }
        simplex = order.map { simplex[$0] }
        values = order.map { values[$0] }
    }

    /// `np.max` propagates NaN.
    private static func nanMax(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        return Swift.max(a, b)
    }
}
