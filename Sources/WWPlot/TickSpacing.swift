import Foundation

/// Tick steps that keep an x axis' labels apart.
///
/// gnuplot picks a linear tick step from the axis range alone (about 10 to 20 ticks), never
/// from the width of the labels or of the panel. On a heavy-tailed spectrum in a third of a
/// figure that gives eleven six-digit labels in 300 pixels, printed over each other ("0 20000
/// 40000 ..." as one smear). So wwn estimates gnuplot's choice and the space its labels need;
/// when they do not fit, it sets a coarser step of 1, 2 or 5 times a power of ten (linear
/// axes) or a whole number of decades between ticks (log axes, where each label is a power of
/// ten), the finest that fits. An axis whose labels fit keeps gnuplot's ticks. Only x axes
/// need this: y labels are stacked, one per line, and a line is far shorter than a label.
enum TickSpacing {
    /// Characters between two labels, so neighbours read as two numbers.
    static let labelGap = 2

    /// The `set xtics` increment for a linear axis over `lower...upper` with `width`
    /// characters of room, or nil when gnuplot's own step fits.
    static func linearStep(lower: Double, upper: Double, width: Double) -> Double? {
        let range = upper - lower
        guard range.isFinite, range > 0, width > 0 else { return nil }
        let automatic = gnuplotStep(range)
        if labelsWidth(lower: lower, upper: upper, step: automatic) <= width { return nil }
        var step = automatic
        // Each candidate is at least twice the last, so this ends within a few dozen steps.
        while labelsWidth(lower: lower, upper: upper, step: step) > width, step < range {
            step = nextNiceStep(after: step)
        }
        return step
    }

    /// The `set xtics` factor (a power of ten) for a log axis over `lower...upper`, or nil when
    /// a tick at every decade fits.
    static func logFactor(lower: Double, upper: Double, width: Double) -> Double? {
        guard lower > 0, upper > lower, lower.isFinite, upper.isFinite, width > 0 else { return nil }
        let first = Int(log10(lower).rounded(.up)), last = Int(log10(upper).rounded(.down))
        // Below two decades gnuplot labels 2, 5, ...: a few short labels, no crowding.
        guard last - first >= 2 else { return nil }
        let label = (first...last).map { String(format: "%g", pow(10, Double($0))).count }.max() ?? 1
        for decades in 1...(last - first) {
            let count = (last - first) / decades + 1
            if Double(count * (label + labelGap)) <= width { return decades == 1 ? nil : pow(10, Double(decades)) }
        }
        return pow(10, Double(last - first))
    }

    /// gnuplot's automatic step for a range (`quantize_normal_tics` with its guide of 20).
    static func gnuplotStep(_ range: Double) -> Double {
        let power = pow(10, (log10(range)).rounded(.down))
        let normalized = range / power
        let positions = 20 / normalized
        let factor: Double
        if positions > 40 { factor = 0.05 } else if positions > 20 { factor = 0.1 } else if positions > 10 { factor = 0.2 }
        else if positions > 4 { factor = 0.5 } else if positions > 2 { factor = 1 } else if positions > 0.5 { factor = 2 }
        else { factor = normalized.rounded(.up) }
        return factor * power
    }

    /// The next of 1, 2, 5, 10, 20, ... times a power of ten above `step`.
    static func nextNiceStep(after step: Double) -> Double {
        let power = pow(10, log10(step).rounded(.down))
        for multiple in [2.0, 5, 10] where multiple * power > step * (1 + 1e-9) { return multiple * power }
        return 20 * power
    }

    /// Characters the labels of the ticks `step` apart over the range need, gaps included,
    /// written as gnuplot's default format writes them (`% h`: a sign or a space, then `%g`).
    static func labelsWidth(lower: Double, upper: Double, step: Double) -> Double {
        let first = (lower / step).rounded(.down), last = (upper / step).rounded(.up)
        guard last - first < 1000 else { return .infinity }
        var total = 0
        for k in stride(from: first, through: last, by: 1) {
            var value = k * step
            if abs(value) < step * 1e-9 { value = 0 }
            total += String(format: "% g", value).count + labelGap
        }
        return Double(total)
    }
}
