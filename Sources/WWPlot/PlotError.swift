import WWBase

/// Why a figure could not be built or drawn. Every message names what is wrong and, where it
/// helps, what to do about it.
public struct PlotError: DomainError, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    static func gnuplotMissing(_ searched: String) -> PlotError {
        PlotError("gnuplot is not installed (looked for it in \(searched)); plots need it: install it with "
                  + "'sudo apt-get install gnuplot-nox' (Debian, Ubuntu) or 'brew install gnuplot' (macOS), "
                  + "or set WWN_GNUPLOT to its path")
    }
}
