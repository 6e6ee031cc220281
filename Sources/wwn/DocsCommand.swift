import ArgumentParser
import Foundation
import WWBase
import WWInterpreter
import WWLibrary

/// `wwn docs [-o FILE [--force]]`: the reference generated from the registry, to stdout or a
/// file, written atomically. An existing file is replaced only with `--force`, the rule of every
/// other writer (`overwrite: true` in the language); a replaced file keeps its mode.
struct DocsCommand: ExecutableCommand {
    static let configuration = CommandConfiguration(commandName: "docs", abstract: "Write the built-in reference (Markdown).")

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    @Flag(help: "Replace an existing FILE.")
    var force = false

    func validate() throws {
        if output?.isEmpty == true { throw ValidationError("'-o' needs a file name") }
        if force, output == nil { throw ValidationError("'--force' goes with '-o FILE'") }
    }

    func execute() -> Int32 {
        let text = ReferenceDocument.markdown(for: Library.registry)
        guard let output else {
            StandardStreams.output(text)
            return WWBase.ExitCode.success
        }
        do {
            try AtomicFileWriter(path: output, mode: force ? .replace : .createNew).write(Data(text.utf8))
            StandardStreams.error("wrote \(output)\n")
            return WWBase.ExitCode.success
        } catch AtomicWriteError.alreadyExists {
            StandardStreams.error("wwn: '\(output)' already exists; pass --force to replace it\n")
            return WWBase.ExitCode.cannotCreate
        } catch let error as AtomicWriteError {
            StandardStreams.error("wwn: cannot write '\(output)': \(error.reason)\n")
            return WWBase.ExitCode.cannotCreate
        } catch {
            StandardStreams.error("wwn: cannot write '\(output)': \(error)\n")
            return WWBase.ExitCode.ioError
        }
    }
}
