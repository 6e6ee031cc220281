import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar for training, redrawn in place on standard error.
///
/// Only drawn when standard error is a terminal: piped output, notebooks and logs get no
/// carriage-return noise. Redraws at most every `redrawInterval` so a fast epoch of thousands of
/// batches does not spend its time writing to the terminal.
public final class TrainingProgressBar {
    /// How often the line is redrawn at most, in seconds.
    static let redrawInterval = 0.1
    /// The width of the bar itself, in characters.
    static let barWidth = 24

    private var lastDraw = 0.0

    private init() {}

    /// A progress callback drawing on standard error, or nil when standard error is not a terminal.
    public static func standardErrorIfTerminal() -> ((TrainingProgress) -> Void)? {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        let bar = TrainingProgressBar()
        return { bar.update($0) }
    }

    /// Clears the line, so later output starts at the left margin.
    public static func clearLine() {
        guard isatty(STDERR_FILENO) != 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    func update(_ progress: TrainingProgress) {
        let now = Date.timeIntervalSinceReferenceDate
        let last = progress.epoch == progress.epochs && progress.batch == progress.batches
        guard last || now - lastDraw >= Self.redrawInterval else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + Self.line(for: progress)).utf8))
        if last { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    /// The text of the bar: `epoch 2/10 [=========>      ] 37% loss 0.4312`.
    static func line(for progress: TrainingProgress) -> String {
        let fraction = Double(progress.batch) / Double(max(progress.batches, 1))
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = String(repeating: "=", count: filled) + (filled < barWidth ? ">" : "")
            + String(repeating: " ", count: max(0, barWidth - filled - 1))
        return "epoch \(progress.epoch)/\(progress.epochs) [\(bar)] \(Int(fraction * 100))% loss " + String(format: "%.4f", progress.loss)
    }
}
