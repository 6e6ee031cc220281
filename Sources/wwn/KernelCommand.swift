import ArgumentParser
import Foundation
import WWBase
import WWKernel
import WWLibrary

/// `wwn kernel -f CONNECTION_FILE`: run as a Jupyter kernel (the client starts it through the
/// kernelspec that `wwn kernel install` writes).
struct KernelCommand: ExecutableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run wwn as a Jupyter kernel (messaging protocol 5.3), or install its kernelspec.",
        discussion: """
            Jupyter starts 'wwn kernel -f CONNECTION_FILE' itself once the kernelspec is installed \
            ('wwn kernel install --user'). The session keeps its variables from cell to cell, as the REPL does.
            """,
        subcommands: [KernelInstallCommand.self])

    @Option(name: [.customShort("f"), .customLong("connection-file")],
            help: ArgumentHelp("The connection file Jupyter wrote (ports and signing key).", valueName: "FILE"))
    var connectionFile: String?

    /// Checked here, not in `validate()`: ArgumentParser validates every command on the way to
    /// a subcommand, and `wwn kernel install` has no `-f`.
    func execute() -> Int32 {
        guard let connectionFile, !connectionFile.isEmpty else {
            StandardStreams.error("""
                wwn kernel: give the connection file with -f FILE (Jupyter does this), or run 'wwn kernel install'
                Usage: wwn kernel -f FILE | wwn kernel install [--user | --prefix DIR] [--name NAME]

                """)
            return WWBase.ExitCode.usage
        }
        return JupyterKernel.run(connectionFile: connectionFile, registry: Library.registry, version: version)
    }
}

/// `wwn kernel install [--user | --prefix DIR] [--name NAME]`: writes kernels/NAME/kernel.json.
struct KernelInstallCommand: ExecutableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Write the wwn kernelspec so Jupyter, nbclient and papermill can start this wwn.",
        discussion: "Without --user or --prefix the spec goes to the system folder \(KernelSpec.systemDataDirectory).")

    @Flag(help: "Install for the current user (the Jupyter data folder in your home).")
    var user = false

    @Option(help: ArgumentHelp("Install into DIR/share/jupyter (a virtual environment's prefix).", valueName: "DIR"))
    var prefix: String?

    @Option(help: "The kernel's name (its folder; what 'jupyter --kernel NAME' selects).")
    var name = KernelSpec.defaultName

    func validate() throws {
        if user, prefix != nil { throw ValidationError("give either --user or --prefix, not both") }
        if prefix?.isEmpty == true { throw ValidationError("'--prefix' needs a directory") }
    }

    func execute() -> Int32 {
        let location: KernelSpec.Location = user ? .user : prefix.map { .prefix($0) } ?? .system
        do {
            let folder = try KernelSpec(executable: KernelSpec.currentExecutable(), name: name).install(at: location)
            StandardStreams.output("installed the wwn kernelspec in \(folder)\n")
            return WWBase.ExitCode.success
        } catch {
            StandardStreams.error("wwn: \(error)\n")
            return WWBase.ExitCode.cannotCreate
        }
    }
}
