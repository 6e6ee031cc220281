import ArgumentParser
import CSignals
import Foundation
import WWBase
import WWInterpreter
import WWLibrary
import WWREPL
import WWSyntax

/// `wwn FILE.wwn [-p name=value]...` (the default subcommand), `wwn` alone for the REPL, and
/// `wwn --version`.
struct ScriptCommand: ExecutableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script",
        abstract: "Run a script (the default: wwn FILE.wwn), or start the REPL when no file is given.",
        discussion: "The REPL reads standard input: with line editing on a terminal, as a stream of entries from a pipe (stopping at the first error with its exit code).")

    @ArgumentParser.Argument(help: "The script to run; none starts the REPL.")
    var file: String?

    @Option(name: [.customShort("p"), .customLong("param")], parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Set a parameter declared with 'param' (numbers, true/false, nil, text; quote to force text).", valueName: "name=value"))
    var parameterPairs: [String] = []

    @Flag(name: [.customLong("version"), .customShort("V")], help: "Print the version, the BLAS library and its active core.")
    var showsVersion = false

    func validate() throws {
        if showsVersion, file != nil || !parameterPairs.isEmpty {
            throw ValidationError("'--version' takes no other arguments")
        }
        if file == nil, !parameterPairs.isEmpty { throw ValidationError("'-p' sets a script's parameters: wwn FILE.wwn -p name=value") }
        _ = try CommandLineTool.parameters(parameterPairs)
    }

    func execute() -> Int32 {
        if showsVersion {
            StandardStreams.output(CommandLineTool.versionText() + "\n")
            return WWBase.ExitCode.success
        }
        guard let file else { return REPL.run(version: version, registry: Library.registry) }
        // Checked in validate().
        let parameters = (try? CommandLineTool.parameters(parameterPairs)) ?? [:]
        return runScript(file, parameters: parameters)
    }

    private func runScript(_ path: String, parameters: [String: Value]) -> Int32 {
        let text: String
        do throws(SourceReadError) { text = try SourceFile.readText(path: path) } catch {
            StandardStreams.error("wwn: \(error)\n")
            return error.exitCode
        }
        let color = isatty(STDERR_FILENO) != 0
        return runWithLargeStack {
            wwn_install_interrupt_handler()
            let interpreter = Interpreter(registry: Library.registry)
            let file = SourceFile(name: path, text: text)
            do {
                let program = try Parser.parse(file)
                let known = Set(program.parameters.map(\.name))
                for name in parameters.keys.sorted() where !known.contains(name) {
                    let list = known.isEmpty ? "it declares none" : "known: \(known.sorted().joined(separator: ", "))"
                    StandardStreams.error("wwn: '\(path)' has no parameter '\(name)' (\(list))\n")
                    return WWBase.ExitCode.usage
                }
                let problems = ParameterOverrides.problems(in: program, overrides: parameters)
                if !problems.isEmpty {
                    StandardStreams.error(problems.map { "wwn: \($0)\n" }.joined())
                    return WWBase.ExitCode.usage
                }
                interpreter.parameterOverrides = parameters
                leakAtExit(interpreter)
                leakAtExit(program)
                try interpreter.run(parsed: program)
                // A built-in that stops at Ctrl-C with its partial result (train) leaves the
                // interrupt pending; the next statement would stop on it, and the last one must
                // too: a script (unlike the REPL) that was interrupted ends with 130.
                if wwn_interrupt_pending() != 0 {
                    wwn_clear_interrupt()
                    StandardStreams.error("interrupted\n")
                    return WWBase.ExitCode.interrupted
                }
                return WWBase.ExitCode.success
            } catch let diagnostic as Diagnostic where diagnostic.kind == .exit {
                // Output is written unbuffered as it happens, so it is all out by now.
                return diagnostic.requestedExitCode
            } catch let diagnostic as Diagnostic {
                StandardStreams.error(diagnostic.rendered(color: color))
                return diagnostic.exitCode
            } catch {
                StandardStreams.error("wwn: \(TerminalText.safe("\(error)", keepingLineBreaks: true))\n")
                return WWBase.ExitCode.software
            }
        }
    }
}

/// Keeps an object alive until the process ends. The CLI exits right after a command, and
/// tearing down the syntax tree of a large file object by object took longer than resolving it
/// (0.3 s for 10 MB); the operating system reclaims the memory at once.
func leakAtExit(_ object: AnyObject) {
    _ = Unmanaged.passRetained(object)
}
