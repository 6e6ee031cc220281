import Foundation
import WWBase

/// How a command writes the file it was asked for (`docs -o`, `convert`): atomically, an
/// existing file replaced only with `--force` (the rule of every other writer), and each
/// failure an exit code with a message naming the file.
enum OutputFileWriting {
    /// `announces`: say "wrote FILE" on standard error (for output that could have gone to stdout).
    static func write(_ data: Data, to path: String, replacing: Bool, announces: Bool = false) -> Int32 {
        do {
            try AtomicFileWriter(path: path, mode: replacing ? .replace : .createNew).write(data)
            if announces { StandardStreams.error("wrote \(path)\n") }
            return ExitCode.success
        } catch AtomicWriteError.alreadyExists {
            StandardStreams.error("wwn: '\(path)' already exists; pass --force to replace it\n")
            return ExitCode.cannotCreate
        } catch let error as AtomicWriteError {
            StandardStreams.error("wwn: cannot write '\(path)': \(error.reason)\n")
            return ExitCode.cannotCreate
        } catch {
            StandardStreams.error("wwn: cannot write '\(path)': \(error)\n")
            return ExitCode.ioError
        }
    }
}
