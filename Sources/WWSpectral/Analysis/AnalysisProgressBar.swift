import Foundation

/// A one-line progress bar on standard error for long analyses, drawn only when standard
/// error is a terminal (never into a log file or a notebook's captured output).
public final class AnalysisProgressBar: @unchecked Sendable {
    /// Characters of the bar itself.
    static let width = 30
    /// Names longer than this are shortened from the left (the end of a tensor name says most).
    static let nameWidth = 40
    private let lock = NSLock()
    private var drawn = false

    /// A bar if standard error is a terminal, else nil.
    public static func forTerminal() -> AnalysisProgressBar? {
        isatty(STDERR_FILENO) == 1 ? AnalysisProgressBar() : nil
    }

    /// The closure to pass as `progress:` to ``ModelAnalysis/analyze(_:options:progress:shouldStop:)``.
    public var progress: ModelAnalysis.Progress {
        { [self] done, total, name in self.draw(done: done, total: total, name: name) }
    }

    func draw(done: Int, total: Int, name: String) {
        lock.lock(); defer { lock.unlock() }
        let filled = total > 0 ? Self.width * done / total : Self.width
        let shown = name.count > Self.nameWidth ? "…" + name.suffix(Self.nameWidth - 1) : name
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: Self.width - filled)
            + "] \(done)/\(total) \(shown)\u{1B}[K"
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Clears the line once the analysis is over.
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
