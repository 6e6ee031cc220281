#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How wide the terminal is, for output that should fit it (tables). `COLUMNS` in the
/// environment wins, as with `ls` and Python's `shutil.get_terminal_size`, so a user or a test
/// can choose; otherwise the window size of standard output when it is a terminal
/// (`TIOCGWINSZ`); otherwise nil (a pipe or a file: callers keep their fixed default, so saved
/// output does not depend on the window it was made in).
public enum TerminalWidth {
    /// Narrowest width honoured: below this a table cannot show two columns side by side.
    public static let minimum = 20

    public static func current() -> Int? {
        if let text = getenv("COLUMNS").map({ String(cString: $0) }), let columns = Int(text), columns > 0 {
            return max(columns, minimum)
        }
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return max(Int(size.ws_col), minimum)
    }
}
