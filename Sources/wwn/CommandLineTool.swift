import ArgumentParser
import Foundation
import WWBase
import WWInterpreter
import WWNumerics

let version = "0.1.0"

/// Dispatches `wwn [command] ...` through swift-argument-parser: every subcommand declares its
/// arguments, gets `--help`, and refuses unknown or extra arguments as a usage error (64).
/// Each command returns its exit code; nothing here calls exit(), so tests could run commands
/// in-process, and every message goes through `StandardStreams` (a full or closed stream is 74).
struct CommandLineTool {
    let arguments: [String]

    func run() -> Int32 {
        do {
            var command = try WWNCommand.parseAsRoot(arguments)
            if let runnable = command as? ExecutableCommand { return runnable.execute() }
            // ArgumentParser's own commands (`wwn help run`) report through an error too.
            try command.run()
            return WWBase.ExitCode.success
        } catch {
            return report(error)
        }
    }

    /// A parse error or a help request: the message ArgumentParser made, on standard error
    /// with its exit code (64 for usage), or help on standard output (0).
    private func report(_ error: Error) -> Int32 {
        let message = WWNCommand.fullMessage(for: error)
        let code = WWNCommand.exitCode(for: error)
        if code == .success {
            StandardStreams.output(message + "\n")
        } else {
            StandardStreams.error(message + "\n")
        }
        return code.rawValue
    }

    static func versionText() -> String {
        let blas = BLASEnvironment.info
        var lines = ["wwn \(version)"]
        lines.append("BLAS: \(blas.configuration)")
        lines.append("BLAS core: \(blas.coreName) (\(blas.threadCount) thread\(blas.threadCount == 1 ? "" : "s"))"
                     + (blas.coreTypeOverride.map { ", OPENBLAS_CORETYPE=\($0)" } ?? ""))
        return lines.joined(separator: "\n")
    }

    /// `-p name=value` pairs as values: numbers, booleans, nil or strings (a quoted value is a
    /// string whatever it looks like). A pair without `=` is a usage error.
    static func parameters(_ pairs: [String]) throws -> [String: Value] {
        var parameters: [String: Value] = [:]
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw ValidationError("parameter '\(pair)' must be written name=value")
            }
            parameters[String(pair[..<eq])] = parameterValue(String(pair[pair.index(after: eq)...]))
        }
        return parameters
    }

    static func parameterValue(_ text: String) -> Value {
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "nil": return .nil
        default:
            if let x = Double(text.replacingOccurrences(of: "_", with: "")) { return .number(x) }
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { return .string(String(text.dropFirst().dropLast())) }
            return .string(text)
        }
    }
}

/// A parsed subcommand that runs and returns its exit code (instead of ArgumentParser's
/// `run()`, which would exit the process itself).
protocol ExecutableCommand: ParsableCommand {
    func execute() -> Int32
}

/// `wwn`: the root command. With no subcommand the arguments are a script's (`wwn FILE.wwn`),
/// and with none at all the REPL starts.
struct WWNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wwn",
        abstract: "A language for studying neural-network weights: scripts, notebooks, a REPL and WeightWatcher's analysis.",
        discussion: """
            wwn                            start the interactive REPL
            wwn FILE.wwn [-p name=value]   run a script
            wwn run NOTEBOOK.wwn [-o DIR]  run a notebook and write DIR/index.html and DIR/report.md
            wwn kernel install --user      install wwn as a Jupyter kernel
            wwn convert NB.wwn NB.ipynb    a notebook to .ipynb (and back)
            wwn smooth MODEL OUT.safetensors  WeightWatcher's SVDSmoothing, as a new checkpoint (sharpen: SVDSharpness)
            wwn --version                  version, BLAS library and its active core

            Exit status: 0 success, 1 a #=> mismatch (check), 64 usage, 65 a static error or bad data,
            66 a missing input, 70 a runtime error, 73/74 an output cannot be created or written,
            130 Ctrl-C, 143 SIGTERM (wwn run still writes its report).
            """,
        subcommands: [ScriptCommand.self, RunCommand.self, CheckCommand.self, AnalyzeCommandLine.self, LintCommand.self,
                      DocsCommand.self, KernelCommand.self, ConvertCommand.self, SmoothCommand.self, SharpenCommand.self,
                      VersionCommand.self],
        defaultSubcommand: ScriptCommand.self)
}

/// `wwn version`: the same as `wwn --version`.
struct VersionCommand: ExecutableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version, the BLAS library and its active core.")

    func execute() -> Int32 {
        StandardStreams.output(CommandLineTool.versionText() + "\n")
        return WWBase.ExitCode.success
    }
}
