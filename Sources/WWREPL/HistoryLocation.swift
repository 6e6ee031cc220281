import Foundation

/// Where the REPL keeps its history: `~/.wwn_history`, or the file `WWN_HISTORY` names (tests
/// point it at a temporary file). `WWN_HISTORY=` (empty) turns the history file off.
enum HistoryLocation {
    static let environmentVariable = "WWN_HISTORY"
    static let defaultFileName = ".wwn_history"

    static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let chosen = environment[environmentVariable] {
            return chosen.isEmpty ? nil : (chosen as NSString).expandingTildeInPath
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        guard !home.isEmpty else { return nil }
        return (home as NSString).appendingPathComponent(defaultFileName)
    }
}
