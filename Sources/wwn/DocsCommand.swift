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
        return OutputFileWriting.write(Data(text.utf8), to: output, replacing: force, announces: true)
    }
}
