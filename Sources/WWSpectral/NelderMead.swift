/// A one-dimensional Nelder-Mead minimiser with SciPy `fmin`'s exact rules (initial step 5%
/// of x0, reflection 1, expansion 2, contraction 0.5, shrink 0.5, stop when both the simplex
/// and its values span at most 1e-4, at most 200 evaluations), so the MP fit's polish lands
/// where WeightWatcher's `optimize.brute(..., finish=fmin)` lands.
struct NelderMead {
    var xTolerance = 1e-4
    var fTolerance = 1e-4
    var maxEvaluations = 200
    var maxIterations = 200

    func minimize(_ f: (Double) -> Double, from x0: Double) -> (x: Double, value: Double) {
        var evaluations = 0
        // SciPy stops calling the function once the budget is spent; the pending step keeps
        // its old values.
        func evaluate(_ x: Double) -> Double? {
            guard evaluations < maxEvaluations else { return nil }
            evaluations += 1
            return f(x)
        }
        var simplex = [x0, x0 != 0 ? 1.05 * x0 : 0.00025]
        var values = [Double.infinity, Double.infinity]
        for k in 0..<2 { if let v = evaluate(simplex[k]) { values[k] = v } }
        func sort() {
            // A stable sort of two points: swap only when strictly out of order.
            if values[1] < values[0] { simplex.swapAt(0, 1); values.swapAt(0, 1) }
        }
        sort()
        var iterations = 1
        while evaluations < maxEvaluations && iterations < maxIterations {
            if abs(simplex[1] - simplex[0]) <= xTolerance && abs(values[0] - values[1]) <= fTolerance { break }
            let centroid = simplex[0]
            let worst = simplex[1]
            step: do {
                let xr = 2 * centroid - worst
                guard let fxr = evaluate(xr) else { break step }
                if fxr < values[0] {
                    let xe = 3 * centroid - 2 * worst
                    guard let fxe = evaluate(xe) else { break step }
                    if fxe < fxr { (simplex[1], values[1]) = (xe, fxe) } else { (simplex[1], values[1]) = (xr, fxr) }
                } else {
                    // SciPy's "accept the reflection if it beats the second-worst point" cannot
                    // happen in one dimension: the second-worst point is the best one.
                    var shrink = false
                    if fxr < values[1] {
                        let xc = 1.5 * centroid - 0.5 * worst
                        guard let fxc = evaluate(xc) else { break step }
                        if fxc <= fxr { (simplex[1], values[1]) = (xc, fxc) } else { shrink = true }
                    } else {
                        let xcc = 0.5 * centroid + 0.5 * worst
                        guard let fxcc = evaluate(xcc) else { break step }
                        if fxcc < values[1] { (simplex[1], values[1]) = (xcc, fxcc) } else { shrink = true }
                    }
                    if shrink {
                        simplex[1] = simplex[0] + 0.5 * (simplex[1] - simplex[0])
                        guard let v = evaluate(simplex[1]) else { break step }
                        values[1] = v
                    }
                }
                iterations += 1
            }
            sort()
        }
        return (simplex[0], min(values[0], values[1]))
    }
}
