import CSignals
import Foundation
import WWBase
import WWInterpreter
import WWLibrary
import WWNotebook
import WWNumerics
import WWREPL
import WWSyntax

let version = "0.1.0"

/// Dispatches `wwn [command] ...`. Each command returns its exit code; nothing here calls exit()
/// so the tests can run commands in-process if they want to.
struct CommandLineTool {
    let arguments: [String]

    static let usage = """
        usage: wwn                         start the interactive REPL
               wwn FILE.wwn [-p name=value]   run a script
               wwn run NOTEBOOK.wwn [-o DIR] [-p name=value]... [--keep-going] [--quiet]
                                           run a notebook and write DIR/index.html and DIR/report.md
                                           (DIR defaults to out/NOTEBOOK)
               wwn check NOTEBOOK.wwn [--update] [--add-missing] [-p name=value]... [--keep-going]
                                           run a notebook and compare its #=> expectations (exit 1 on
                                           a mismatch); --update re-records mismatched ones,
                                           --add-missing also records statements that have none
               wwn analyze PATH... [--csv FILE] [--json FILE] [options]
                                           WeightWatcher's details table for model files or
                                           directories, one row per layer per model; a rerun with
                                           the same --csv/--json skips models already in it
                                           (see 'wwn analyze --help')
               wwn lint FILE.wwn...        check syntax and names without running anything
               wwn docs [-o FILE [--force]] write the built-in reference (Markdown); an existing
                                           FILE is replaced only with --force
               wwn --version               version, BLAS library and its active core
               wwn --help                  this text
        """

    func run() -> Int32 {
        guard let first = arguments.first else { return runREPL() }
        switch first {
        case "--version", "-V", "version":
            StandardStreams.output(versionText() + "\n")
            return ExitCode.success
        case "--help", "-h", "help":
            StandardStreams.output(Self.usage + "\n")
            return ExitCode.success
        case "run":
            return runNotebookCommand(Array(arguments.dropFirst()), check: false)
        case "check":
            return runNotebookCommand(Array(arguments.dropFirst()), check: true)
        case "docs":
            return docsCommand(Array(arguments.dropFirst()))
        case "analyze":
            let rest = Array(arguments.dropFirst())
            if rest.contains("--help") || rest.contains("-h") {
                StandardStreams.output(AnalyzeArguments.help + "\n")
                return ExitCode.success
            }
            switch AnalyzeArguments.parse(rest) {
            case .success(let parsed): return AnalyzeCommand(arguments: parsed).execute()
            case .failure(let failure): return usageError(failure.message, usage: AnalyzeArguments.usage)
            }
        case "lint":
            return lintCommand(Array(arguments.dropFirst()))
        default:
            if first.hasPrefix("-") { return usageError("unknown option '\(first)'") }
            return runScript(first, Array(arguments.dropFirst()))
        }
    }

    func versionText() -> String {
        let blas = BLASEnvironment.info
        var lines = ["wwn \(version)"]
        lines.append("BLAS: \(blas.configuration)")
        lines.append("BLAS core: \(blas.coreName) (\(blas.threadCount) thread\(blas.threadCount == 1 ? "" : "s"))"
                     + (blas.coreTypeOverride.map { ", OPENBLAS_CORETYPE=\($0)" } ?? ""))
        return lines.joined(separator: "\n")
    }

    func usageError(_ message: String, usage: String = CommandLineTool.usage) -> Int32 {
        StandardStreams.error("wwn: \(message)\n\n\(usage)\n")
        return ExitCode.usage
    }

    /// Parses `-p name=value` pairs; values read as numbers, booleans, nil or strings.
    static func parseParameters(_ args: [String]) -> (parameters: [String: Value], rest: [String], error: String?) {
        var parameters: [String: Value] = [:]
        var rest: [String] = []
        var i = 0
        while i < args.count {
            let arg = args[i]
            if arg == "-p" || arg == "--param" {
                guard i + 1 < args.count else { return (parameters, rest, "'\(arg)' needs name=value") }
                let pair = args[i + 1]
                guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                    return (parameters, rest, "parameter '\(pair)' must be written name=value")
                }
                parameters[String(pair[..<eq])] = parseParameterValue(String(pair[pair.index(after: eq)...]))
                i += 2
            } else {
                rest.append(arg)
                i += 1
            }
        }
        return (parameters, rest, nil)
    }

    static func parseParameterValue(_ text: String) -> Value {
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

    func runScript(_ path: String, _ rest: [String]) -> Int32 {
        let (parameters, extra, error) = Self.parseParameters(rest)
        if let error { return usageError(error) }
        if let unexpected = extra.first { return usageError("unexpected argument '\(unexpected)'") }
        if let problem = RegularFile.problem(at: path) {
            StandardStreams.error("wwn: cannot read '\(path)': it \(problem)\n")
            return ExitCode.noInput
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            StandardStreams.error("wwn: cannot read '\(path)': no such file or not readable\n")
            return ExitCode.noInput
        }
        guard let text = String(data: data, encoding: .utf8) else {
            StandardStreams.error("wwn: '\(path)' is not UTF-8 text\n")
            return ExitCode.dataError
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
                    return ExitCode.usage
                }
                let problems = ParameterOverrides.problems(in: program, overrides: parameters)
                if !problems.isEmpty {
                    StandardStreams.error(problems.map { "wwn: \($0)\n" }.joined())
                    return ExitCode.usage
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
                    return ExitCode.interrupted
                }
                return ExitCode.success
            } catch let diagnostic as Diagnostic where diagnostic.kind == .exit {
                // Output is written unbuffered as it happens, so it is all out by now.
                return diagnostic.requestedExitCode
            } catch let diagnostic as Diagnostic {
                StandardStreams.error(diagnostic.rendered(color: color))
                return diagnostic.exitCode
            } catch {
                StandardStreams.error("wwn: \(error)\n")
                return ExitCode.software
            }
        }
    }

    /// The REPL reads standard input: with line editing on a terminal, as a stream of entries
    /// from a pipe (stopping at the first error with its exit code). See WWREPL.REPL.
    func runREPL() -> Int32 {
        REPL.run(version: version, registry: Library.registry)
    }

    /// `wwn run NB.wwn [-o DIR] [-p name=value]... [--keep-going] [--quiet]` and
    /// `wwn check NB.wwn [--update] [--add-missing] [-p name=value]... [--keep-going]`;
    /// the work is `WWNotebook.NotebookCommand`'s, this only reads the flags.
    func runNotebookCommand(_ args: [String], check: Bool) -> Int32 {
        let verb = check ? "check" : "run"
        let (parameters, rest, error) = Self.parseParameters(args)
        if let error { return usageError(error) }
        var path: String?
        var outputDirectory: String?
        var keepsGoing = false, quiet = false, update = false, addsMissing = false, force = false
        var i = 0
        while i < rest.count {
            let arg = rest[i]
            if !check, arg == "-o" || arg == "--output" {
                guard i + 1 < rest.count else { return usageError("'\(arg)' needs a directory") }
                outputDirectory = rest[i + 1]
                if rest[i + 1].isEmpty { return usageError("'\(arg)' needs a directory name, got ''") }
                i += 1
            } else if arg == "--keep-going" {
                keepsGoing = true
            } else if !check, arg == "--quiet" || arg == "-q" {
                quiet = true
            } else if !check, arg == "--force" {
                force = true
            } else if check, arg == "--update" {
                update = true
            } else if check, arg == "--add-missing" {
                // Adding expectations is a kind of update.
                update = true
                addsMissing = true
            } else if arg.hasPrefix("-") {
                return usageError("unknown option '\(arg)' for 'wwn \(verb)'")
            } else if path != nil {
                return usageError("unexpected argument '\(arg)'")
            } else {
                path = arg
            }
            i += 1
        }
        guard let path else { return usageError("'wwn \(verb)' needs a notebook file") }
        var command = NotebookCommand(path: path, mode: check ? .check(update: update, addsMissing: addsMissing)
                                                                : .run(outputDirectory: outputDirectory),
                                      registry: Library.registry)
        command.parameters = parameters
        command.keepsGoing = keepsGoing
        command.quiet = quiet
        command.force = force
        command.colorsDiagnostics = isatty(STDERR_FILENO) != 0
        command.generator = "wwn \(version)"
        wwn_install_interrupt_handler()
        // SIGTERM (timeout, Slurm, CI) stops the run like Ctrl-C: the report is still written.
        wwn_install_termination_as_interrupt()
        defer {
            wwn_restore_interrupt_handler()
            wwn_restore_termination_handler()
        }
        return command.execute()
    }

    /// `wwn lint FILE...`: parses and resolves each file without running it (for editors and
    /// CI), printing each file's syntax error, or all its undefined names and its first other
    /// error; exit 65 if any file has one.
    func lintCommand(_ paths: [String]) -> Int32 {
        guard !paths.isEmpty else { return usageError("lint needs at least one file") }
        if let option = paths.first(where: { $0.hasPrefix("-") }) { return usageError("unknown option '\(option)' for lint") }
        let color = isatty(STDERR_FILENO) != 0
        return runWithLargeStack {
            let interpreter = Interpreter(registry: Library.registry)
            var status = ExitCode.success
            for path in paths {
                guard let data = FileManager.default.contents(atPath: path) else {
                    StandardStreams.error("wwn: cannot read '\(path)': no such file or not readable\n")
                    status = max(status, ExitCode.noInput)
                    continue
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    StandardStreams.error("wwn: '\(path)' is not UTF-8 text\n")
                    status = max(status, ExitCode.dataError)
                    continue
                }
                let (program, diagnostics) = interpreter.lint(SourceFile(name: path, text: text))
                if let program { leakAtExit(program) }
                for diagnostic in diagnostics {
                    StandardStreams.error(diagnostic.rendered(color: color))
                    status = max(status, diagnostic.exitCode)
                }
            }
            return status
        }
    }

    /// `wwn docs [-o FILE [--force]]`: the reference generated from the registry, to stdout or
    /// a file, written atomically. An existing file is replaced only with `--force`, the rule
    /// of every other writer (`overwrite: true` in the language); a replaced file keeps its mode.
    func docsCommand(_ args: [String]) -> Int32 {
        var output: String?
        var force = false
        var i = 0
        while i < args.count {
            if args[i] == "-o" || args[i] == "--output", i + 1 < args.count {
                output = args[i + 1]
                i += 2
            } else if args[i] == "--force" {
                force = true
                i += 1
            } else {
                return usageError("unexpected argument '\(args[i])' for docs")
            }
        }
        let text = ReferenceDocument.markdown(for: Library.registry)
        guard let output else {
            if force { return usageError("'--force' goes with '-o FILE'") }
            StandardStreams.output(text)
            return ExitCode.success
        }
        guard !output.isEmpty else { return usageError("'-o' needs a file name") }
        do {
            try AtomicFileWriter(path: output, mode: force ? .replace : .createNew).write(Data(text.utf8))
            StandardStreams.error("wrote \(output)\n")
            return ExitCode.success
        } catch AtomicWriteError.alreadyExists {
            StandardStreams.error("wwn: '\(output)' already exists; pass --force to replace it\n")
            return ExitCode.cannotCreate
        } catch let error as AtomicWriteError {
            StandardStreams.error("wwn: cannot write '\(output)': \(error.reason)\n")
            return ExitCode.cannotCreate
        } catch {
            StandardStreams.error("wwn: cannot write '\(output)': \(error)\n")
            return ExitCode.ioError
        }
    }
}

/// Keeps an object alive until the process ends. The CLI exits right after a command, and
/// tearing down the syntax tree of a large file object by object took longer than resolving it
/// (0.3 s for 10 MB); the operating system reclaims the memory at once.
private func leakAtExit(_ object: AnyObject) {
    _ = Unmanaged.passRetained(object)
}
