#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line "rows done / total" counter on stderr for long streamed reductions, drawn only
/// when stderr is a terminal (never in notebooks, pipes or tests) and at most every 1% of rows.
final class RowProgress {
    private let total: Int
    private let label: String
    private var shownPercent = -1

    init?(total: Int, label: String) {
        guard isatty(STDERR_FILENO) != 0, total > 0 else { return nil }
        self.total = total
        self.label = label
    }

    func update(_ done: Int) {
        let percent = done * 100 / total
        guard percent != shownPercent else { return }
        shownPercent = percent
        fputs("\r\(label): \(done) / \(total) rows (\(percent)%)", stderr)
    }

    func finish() {
        fputs("\r\u{1B}[K", stderr)
    }
}
