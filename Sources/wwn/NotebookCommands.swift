import ArgumentParser
import CSignals
import Foundation
import WWBase
import WWInterpreter
import WWLibrary
import WWNotebook

/// The options `wwn run` and `wwn check` share.
struct NotebookOptions: ParsableArguments {
    @ArgumentParser.Argument(help: "The notebook (.wwn, cells start with #%%).")
    var notebook: String

    @Option(name: [.customShort("p"), .customLong("param")], parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Set a parameter declared with 'param'; a value that cannot be its type is a usage error before anything runs.", valueName: "name=value"))
    var parameterPairs: [String] = []

    @Flag(help: "Run the cells after a failing one too (Ctrl-C always stops).")
    var keepGoing = false

    func validate() throws {
        _ = try CommandLineTool.parameters(parameterPairs)
    }

    /// The command with these options, run with Ctrl-C and SIGTERM stopping it politely.
    func execute(_ mode: NotebookCommand.Mode, configure: (inout NotebookCommand) -> Void = { _ in }) -> Int32 {
        var command = NotebookCommand(path: notebook, mode: mode, registry: Library.registry)
        command.parameters = (try? CommandLineTool.parameters(parameterPairs)) ?? [:]
        command.keepsGoing = keepGoing
        command.colorsDiagnostics = isatty(STDERR_FILENO) != 0
        command.generator = "wwn \(version)"
        configure(&command)
        wwn_install_interrupt_handler()
        // SIGTERM (timeout, Slurm, CI) stops the run like Ctrl-C: the report is still written.
        wwn_install_termination_as_interrupt()
        defer {
            wwn_restore_interrupt_handler()
            wwn_restore_termination_handler()
        }
        return command.execute()
    }
}

/// `wwn run NOTEBOOK.wwn [-o DIR] [-p name=value]... [--keep-going] [--quiet] [--force]`.
struct RunCommand: ExecutableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a notebook and write DIR/index.html and DIR/report.md (DIR defaults to out/NOTEBOOK).",
        discussion: """
            The report folder must be new, empty, or an earlier report of the same notebook (its .wwn-report.json \
            lists the files the report owns; only those are ever replaced or removed). System folders are refused. \
            Figures are drawn into the report folder as they are made. Ctrl-C or SIGTERM stops the run and still \
            writes the report, the stopped cell marked (exit 130 or 143).
            """)

    @OptionGroup var options: NotebookOptions

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The report folder.", valueName: "DIR"))
    var output: String?

    @Flag(name: [.customShort("q"), .long], help: "Do not echo cell output to standard output (the report has it).")
    var quiet = false

    @Flag(help: "Write into a non-empty folder that is not an earlier report of this notebook (none of its files is replaced).")
    var force = false

    func validate() throws {
        if output?.isEmpty == true { throw ValidationError("'-o' needs a directory name, got ''") }
    }

    func execute() -> Int32 {
        options.execute(.run(outputDirectory: output)) { command in
            command.quiet = quiet
            command.force = force
        }
    }
}

/// `wwn check NOTEBOOK.wwn [--update] [--add-missing] [-p name=value]... [--keep-going]`.
struct CheckCommand: ExecutableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run a notebook and compare its #=> expectations (exit 1 on a mismatch).")

    @OptionGroup var options: NotebookOptions

    @Flag(help: "Re-record the #=> lines that do not match.")
    var update = false

    @Flag(help: "Also record the output of statements that have no #=> lines (implies --update).")
    var addMissing = false

    func execute() -> Int32 {
        options.execute(.check(update: update || addMissing, addsMissing: addMissing))
    }
}
