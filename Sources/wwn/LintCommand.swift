import ArgumentParser
import Foundation
import WWBase
import WWInterpreter
import WWLibrary
import WWSyntax

/// `wwn lint FILE...`: parses and resolves each file without running it (for editors and CI),
/// printing each file's syntax error, or all its undefined names and its first other error;
/// exit 65 if any file has one.
struct LintCommand: ExecutableCommand {
    static let configuration = CommandConfiguration(commandName: "lint", abstract: "Check syntax and names without running anything.")

    @ArgumentParser.Argument(help: "The files to check.")
    var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("lint needs at least one file") }
    }

    func execute() -> Int32 {
        let color = isatty(STDERR_FILENO) != 0
        return runWithLargeStack {
            let interpreter = Interpreter(registry: Library.registry)
            var status = WWBase.ExitCode.success
            for path in files {
                let file: SourceFile
                do throws(SourceReadError) { file = try SourceFile.read(path: path) } catch {
                    StandardStreams.error("wwn: \(error)\n")
                    status = max(status, error.exitCode)
                    continue
                }
                let (program, diagnostics) = interpreter.lint(file)
                if let program { leakAtExit(program) }
                for diagnostic in diagnostics {
                    StandardStreams.error(diagnostic.rendered(color: color))
                    status = max(status, diagnostic.exitCode)
                }
            }
            return status
        }
    }
}
