import WWBase

/// Why a figure could not be built or drawn. Every message names what is wrong and, where it
/// helps, what to do about it.
public struct PlotError: DomainError, CustomStringConvertible, Equatable {
    public let message: String
    /// Lines shown under the message as notes (the columns a table does have).
    public let notes: [String]
    public init(_ message: String, notes: [String] = []) {
        self.message = message
        self.notes = notes
    }
    public var description: String { message }
    public var failureNotes: [String] { notes }

    static func gnuplotMissing(_ searched: String) -> PlotError {
        PlotError("gnuplot is not installed (looked for it in \(searched)); plots need it: install it with "
                  + "'sudo apt-get install gnuplot-nox' (Debian, Ubuntu) or 'brew install gnuplot' (macOS), "
                  + "or set WWN_GNUPLOT to its path")
    }
}
