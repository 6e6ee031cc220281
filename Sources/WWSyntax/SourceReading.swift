import Foundation
import WWBase

/// Why a source file (a script, a notebook, an imported module, a `:load`ed or linted file)
/// cannot be read. One rule for every reader: a regular file only (opening a FIFO blocks and
/// `/dev/zero` never ends), at most `SyntaxLimits.maxSourceBytes`, and UTF-8 text.
public struct SourceReadError: Error, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// `RegularFile.problem`'s words: "does not exist", "is a FIFO (named pipe), …".
        case notAFile(String)
        case unreadable
        case tooLarge(bytes: Int)
        case notUTF8
    }

    public let path: String
    public let reason: Reason

    /// What is wrong, to follow "cannot read 'PATH': ".
    public var explanation: String {
        switch reason {
        case .notAFile(let problem): return "it \(problem)"
        case .unreadable: return "it cannot be read"
        case .tooLarge(let bytes):
            return "it is \(bytes) bytes, more than the \(SyntaxLimits.maxSourceBytes) a source file may have "
                + "(SyntaxLimits.maxSourceBytes; WWN_MAX_SOURCE_BYTES changes it)"
        case .notUTF8: return "it is not UTF-8 text"
        }
    }

    public var description: String { "cannot read '\(TerminalText.safe(path))': \(explanation)" }

    /// 66 (`EX_NOINPUT`) when there is no file to read, 65 (`EX_DATAERR`) when its content is
    /// refused.
    public var exitCode: Int32 {
        switch reason {
        case .notAFile, .unreadable: return ExitCode.noInput
        case .tooLarge, .notUTF8: return ExitCode.dataError
        }
    }
}

extension SourceFile {
    /// Reads the source file at `path`, checking its kind and size before reading a byte.
    public static func read(path: String) throws(SourceReadError) -> SourceFile {
        SourceFile(name: path, text: try readText(path: path))
    }

    /// The text of the source file at `path`, under the rules of `SourceReadError`.
    public static func readText(path: String) throws(SourceReadError) -> String {
        if let problem = RegularFile.problem(at: path) { throw SourceReadError(path: path, reason: .notAFile(problem)) }
        var info = stat()
        guard stat(path, &info) == 0 else { throw SourceReadError(path: path, reason: .unreadable) }
        guard Int(info.st_size) <= SyntaxLimits.maxSourceBytes else {
            throw SourceReadError(path: path, reason: .tooLarge(bytes: Int(info.st_size)))
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw SourceReadError(path: path, reason: .unreadable) }
        // Checked again: the file may have grown between stat and read.
        guard data.count <= SyntaxLimits.maxSourceBytes else { throw SourceReadError(path: path, reason: .tooLarge(bytes: data.count)) }
        guard let text = String(data: data, encoding: .utf8) else { throw SourceReadError(path: path, reason: .notUTF8) }
        return text
    }
}
