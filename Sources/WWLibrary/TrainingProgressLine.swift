import Foundation
import WWNeural

/// What `train` shows on the terminal bar after each batch:
/// `epoch 2/10 [=========>      ] 37% loss 0.4312`.
enum TrainingProgressLine {
    /// How often the line is redrawn at most, in seconds.
    static let redrawInterval = 0.1
    /// The width of the bar itself, in characters.
    static let barWidth = 24

    static func text(for progress: TrainingProgress) -> String {
        let fraction = Double(progress.batch) / Double(max(progress.batches, 1))
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = String(repeating: "=", count: filled) + (filled < barWidth ? ">" : "")
            + String(repeating: " ", count: max(0, barWidth - filled - 1))
        return "epoch \(progress.epoch)/\(progress.epochs) [\(bar)] \(Int(fraction * 100))% loss " + String(format: "%.4f", progress.loss)
    }
}

extension TrainingProgress {
    /// The last batch of the last epoch: the bar is drawn once more and cleared.
    var isLast: Bool { epoch == epochs && batch == batches }
}
