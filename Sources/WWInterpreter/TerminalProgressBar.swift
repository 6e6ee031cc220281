import Foundation
import WWBase

/// The one progress bar drawn on standard error, redrawn in place on one line.
///
/// Drawn only when standard error is a terminal (``forStandardError()`` is nil otherwise):
/// piped output, notebooks and logs get no carriage-return noise. It lives in the interpreter
/// layer, above the domain modules, which see only ``ProgressReporter``.
///
/// As a ``ProgressReporter`` it draws `[#####---------] 3/10 ETA 42s label` (analyses,
/// augmentation, streamed Vendi): the time left is the mean time per unit since the bar was
/// made times the units left, shown once a unit has finished. ``show(_:isLast:)`` draws a line the caller wrote (training's epoch and
/// loss), at most every ``minimumRedrawInterval`` seconds.
public final class TerminalProgressBar: ProgressReporter, @unchecked Sendable {
    /// Characters of the `[###---]` bar.
    static let width = 30
    /// Labels longer than this are shortened from the left (the end of a tensor name says most).
    static let labelWidth = 40
    /// "Move to the start of the line and erase it."
    static let clearSequence = "\r\u{1B}[K"

    /// Lines given to ``show(_:isLast:)`` are drawn at most this often, in seconds, so a fast
    /// epoch of thousands of batches does not spend its time writing to the terminal.
    public var minimumRedrawInterval = 0.0

    private let lock = NSLock()
    /// When the current operation started: the bar's creation (each operation makes its own
    /// bar), or the last time it was cleared.
    private var started = Date.timeIntervalSinceReferenceDate
    private var drawn = false
    private var lastShown = -Double.infinity

    private init() {}

    /// A bar if standard error is a terminal, else nil.
    public static func forStandardError() -> TerminalProgressBar? {
        isatty(STDERR_FILENO) != 0 ? TerminalProgressBar() : nil
    }

    public func progress(done: Int, total: Int, label: String) {
        let filled = total > 0 ? Self.width * min(max(done, 0), total) / total : Self.width
        let shown = label.count > Self.labelWidth ? "…" + label.suffix(Self.labelWidth - 1) : label
        let now = Date.timeIntervalSinceReferenceDate
        lock.lock(); defer { lock.unlock() }
        let elapsed = now - started
        let eta = Self.estimatedTimeLeft(elapsed: elapsed, done: done, total: total).map { " ETA \($0)" } ?? ""
        write("\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: Self.width - filled)
              + "] \(done)/\(total)\(eta) \(shown)\u{1B}[K")
        drawn = true
    }

    /// "42s", "3m05s" or "1h02m": `elapsed / done` seconds for each of the `total - done` units
    /// left; nil before the first unit has finished or once all have.
    public static func estimatedTimeLeft(elapsed: Double, done: Int, total: Int) -> String? {
        guard done > 0, done < total, elapsed.isFinite, elapsed >= 0 else { return nil }
        let seconds = Int((elapsed / Double(done) * Double(total - done)).rounded())
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" + String(format: "%02ds", seconds % 60) }
        return "\(seconds / 3600)h" + String(format: "%02dm", seconds % 3600 / 60)
    }

    /// Draws `line` in place of the bar (unless one was drawn less than
    /// ``minimumRedrawInterval`` ago); the last line of an operation is always drawn and then
    /// cleared.
    public func show(_ line: String, isLast: Bool) {
        let now = Date.timeIntervalSinceReferenceDate
        lock.lock(); defer { lock.unlock() }
        guard isLast || now - lastShown >= minimumRedrawInterval else { return }
        lastShown = now
        write(Self.clearSequence + line)
        drawn = true
        if isLast { clearLocked() }
    }

    /// Clears the line if anything was drawn since the last clear.
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { clearLocked() }
    }

    /// Clears the line whatever was drawn, so later output starts at the left margin.
    public func clear() {
        lock.lock(); defer { lock.unlock() }
        clearLocked()
    }

    private func clearLocked() {
        write(Self.clearSequence)
        drawn = false
        started = Date.timeIntervalSinceReferenceDate
    }

    private func write(_ text: String) {
        StandardStreams.error(text)
    }
}
