import Foundation
import XCTest

/// Runs the built `wwn` binary as users do and checks exit codes and the text of errors.
final class ExitCodeTests: XCTestCase {
    /// The executable sits next to the test bundle in SwiftPM's products directory.
    private static var binary: URL {
        var url = Bundle(for: ExitCodeTests.self).bundleURL
        while url.pathExtension == "xctest" || url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        return url.appendingPathComponent("wwn")
    }

    private struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private func run(_ arguments: [String], source: String? = nil, environment: [String: String] = [:]) throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var args = arguments
        if let source {
            let file = directory.appendingPathComponent("program.wwn")
            try source.write(to: file, atomically: true, encoding: .utf8)
            args = args.map { $0 == "{file}" ? file.path : $0 }
        }
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = args
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `wwn smooth` and `wwn sharpen` write a new checkpoint and never the input.
    func testSmoothAndSharpenWriteNewCheckpointsOnly() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/svd-smoothing")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-smooth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("mlp.safetensors").path
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("mlp.safetensors").path, toPath: input)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        let output = directory.appendingPathComponent("smoothed.safetensors").path

        let smoothed = try run(["smooth", input, output, "--method", "svd", "--percent", "0.5", "--layers", "1,2"])
        XCTAssertEqual(smoothed.status, 0, smoothed.stderr)
        XCTAssertTrue(smoothed.stdout.contains("num_smooth"), smoothed.stdout)
        XCTAssertEqual(smoothed.stdout.components(separatedBy: "true").count - 1, 2, smoothed.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output))
        XCTAssertEqual(try run(["smooth", input, output]).status, 73)
        XCTAssertEqual(try run(["sharpen", input, output, "--seed", "3", "--force"]).status, 0)

        let overInput = try run(["smooth", input, input, "--force"])
        XCTAssertEqual(overInput.status, 73)
        XCTAssertTrue(overInput.stderr.contains("is the input model"), overInput.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: input)), before)

        XCTAssertEqual(try run(["smooth", input, output, "--method", "lowrank"]).status, 64)
        let percent = try run(["smooth", input, output, "--method", "svd", "--percent", "1.5"])
        XCTAssertEqual(percent.status, 64)
        XCTAssertTrue(percent.stderr.contains("'--percent' must be between -1 and 1"), percent.stderr)
        XCTAssertEqual(try run(["sharpen", input, output, "--seed", "-1"]).status, 64)
        XCTAssertEqual(try run(["smooth", directory.appendingPathComponent("missing.safetensors").path, output]).status, 66)
    }

    func testEverySubcommandHasHelpAndRefusesExtraArguments() throws {
        for command in ["run", "check", "analyze", "lint", "docs", "version", "script", "smooth", "sharpen"] {
            let help = try run([command, "--help"])
            XCTAssertEqual(help.status, 0, "\(command): \(help.stderr)")
            XCTAssertTrue(help.stdout.contains("USAGE: wwn \(command)"), "\(command): \(help.stdout)")
            XCTAssertEqual(try run(["help", command]).stdout, help.stdout, command)
        }
        XCTAssertTrue(try run(["--help"]).stdout.contains("SUBCOMMANDS:"))
        let extra = try run(["--version", "extra"])
        XCTAssertEqual(extra.status, 64)
        XCTAssertTrue(extra.stderr.contains("'--version' takes no other arguments"), extra.stderr)
        XCTAssertEqual(try run(["version", "extra"]).status, 64)
        XCTAssertEqual(try run(["run", "a.wwn", "b.wwn"]).status, 64)
        XCTAssertEqual(try run(["run", "a.wwn", "-o", ""]).status, 64)
        XCTAssertEqual(try run(["docs", "--force"]).status, 64)
        let pair = try run(["run", "a.wwn", "-p", "novalue"])
        XCTAssertEqual(pair.status, 64)
        XCTAssertTrue(pair.stderr.contains("must be written name=value"), pair.stderr)
    }

    func testRunOfADirectorySaysItIsOne() throws {
        let outcome = try run(["run", FileManager.default.temporaryDirectory.path])
        XCTAssertEqual(outcome.status, 66)
        XCTAssertTrue(outcome.stderr.contains("is a directory, not a file; give a notebook file"), outcome.stderr)
    }

    func testTablesFitTheTerminalAndKeepTheirImportantColumns() throws {
        let source = "let t = analyze(random_matrix(300, 200, seed: 1))\nt\nprint(t.select([\"name\", \"alpha\"]))\n"
        for width in [80, 200] {
            let outcome = try run(["{file}"], source: source, environment: ["COLUMNS": "\(width)"])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            let lines = outcome.stdout.split(separator: "\n")
            XCTAssertTrue(lines.allSatisfy { $0.count <= width }, outcome.stdout)
            let header = lines[0].split(separator: " ").map(String.init)
            for column in ["name", "N", "M", "alpha", "D", "log_norm"] { XCTAssertTrue(header.contains(column), "\(column) at \(width): \(lines[0])") }
            if width == 200 { XCTAssertGreaterThan(lines[0].count, 150, "a wide terminal is used") }
            // print(table) prints the table, not <table: ...>.
            XCTAssertTrue(lines.contains { $0.hasPrefix("name") && $0.hasSuffix("alpha") }, outcome.stdout)
            XCTAssertFalse(outcome.stdout.contains("<table"), outcome.stdout)
        }
    }

    func testScriptSucceedsAndDisplaysResults() throws {
        let outcome = try run(["{file}"], source: "let x = 20\nx + 22\nprint(\"done\")\n")
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "42\ndone\n")
    }

    func testSyntaxErrorExits65WithCaret() throws {
        let outcome = try run(["{file}"], source: "let x = 1\nlet y = (2 +\n")
        XCTAssertEqual(outcome.status, 65)
        XCTAssertTrue(outcome.stderr.contains("syntax error"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("program.wwn:"), outcome.stderr)
    }

    func testResolutionErrorExits65BeforeAnythingRuns() throws {
        let outcome = try run(["{file}"], source: "print(\"ran\")\nprnt(1)\n")
        XCTAssertEqual(outcome.status, 65)
        XCTAssertEqual(outcome.stdout, "", "nothing may run when the program has a static error")
        XCTAssertTrue(outcome.stderr.contains("undefined name 'prnt'"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("did you mean 'print'?"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("program.wwn:2:1"), outcome.stderr)
    }

    func testRuntimeErrorExits70WithCallStack() throws {
        let source = "fn inner(x) { x / 0 }\nfn outer() { inner(1) }\nouter()\n"
        let outcome = try run(["{file}"], source: source)
        XCTAssertEqual(outcome.status, 70)
        XCTAssertTrue(outcome.stderr.contains("division by zero"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("in inner, called from"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("in outer, called from"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("1 | fn inner(x) { x / 0 }"), outcome.stderr)
    }

    func testDeepRecursionIsAnErrorNotACrash() throws {
        let outcome = try run(["{file}"], source: "fn down(n) { down(n + 1) }\ndown(0)\n")
        XCTAssertEqual(outcome.status, 70, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("stack overflow"), outcome.stderr)
    }

    func testUsageErrorsExit64() throws {
        XCTAssertEqual(try run(["--no-such-flag"]).status, 64)
        let unknownParameter = try run(["{file}", "-p", "nope=1"], source: "param n = 1\nn\n")
        XCTAssertEqual(unknownParameter.status, 64)
        XCTAssertTrue(unknownParameter.stderr.contains("known: n"), unknownParameter.stderr)
    }

    func testParameterOverride() throws {
        let outcome = try run(["{file}", "-p", "n=5"], source: "param n = 1\nn * 2\n")
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "10\n")
    }

    func testParameterOverrideDoesNotReachImportedModules() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-params-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "param k = 1\nfn get() => k\n".write(to: directory.appendingPathComponent("lib.wwn"), atomically: true, encoding: .utf8)
        let main = directory.appendingPathComponent("main.wwn")
        try "import \"lib.wwn\"\nparam k = 5\nlib.get()\nk\n".write(to: main, atomically: true, encoding: .utf8)
        let outcome = try run([main.path, "-p", "k=9"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "1\n9\n")
    }

    func testLintChecksWithoutRunning() throws {
        let clean = try run(["lint", "{file}"], source: "print(\"ran\")\nlet x = 1\n")
        XCTAssertEqual(clean.status, 0, clean.stderr)
        XCTAssertEqual(clean.stdout, "", "lint must not run the program")
        let broken = try run(["lint", "{file}"], source: "let x = 1\nx = 2\n")
        XCTAssertEqual(broken.status, 65)
        XCTAssertTrue(broken.stderr.contains("cannot assign to constant 'x'"), broken.stderr)
        XCTAssertEqual(try run(["lint"]).status, 64)
    }

    func testLintReportsEveryUndefinedNameWithItsPosition() throws {
        let source = "let a = 1\nprint(bb)\nfn f(x) { x + cc }\nlet d = a + ee(2)\n"
        let outcome = try run(["lint", "{file}"], source: source)
        XCTAssertEqual(outcome.status, 65)
        XCTAssertEqual(outcome.stdout, "")
        for (name, position) in [("bb", "program.wwn:2:7"), ("cc", "program.wwn:3:15"), ("ee", "program.wwn:4:13")] {
            let report = outcome.stderr.components(separatedBy: "error: ").first { $0.hasPrefix("undefined name '\(name)'") } ?? ""
            XCTAssertTrue(report.contains("/\(position)\n"), "\(name) at \(position):\n\(outcome.stderr)")
        }
        let order = ["bb", "cc", "ee"].compactMap { outcome.stderr.range(of: "undefined name '\($0)'")?.lowerBound }
        XCTAssertEqual(order, order.sorted(), "in source order")
        // Running the same file still stops at the first, before anything runs.
        let ran = try run(["{file}"], source: source)
        XCTAssertEqual(ran.status, 65)
        XCTAssertTrue(ran.stderr.contains("'bb'") && !ran.stderr.contains("'cc'"), ran.stderr)
    }

    func testLintReportsUndefinedNamesAndTheFirstOtherError() throws {
        let outcome = try run(["lint", "{file}"], source: "let x = 1\nprint(nope)\nx = 2\nprint(nada)\n")
        XCTAssertEqual(outcome.status, 65)
        XCTAssertTrue(outcome.stderr.contains("undefined name 'nope'"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("cannot assign to constant 'x'"), outcome.stderr)
    }

    func testExitEndsAScriptWithItsCodeAfterItsOutput() throws {
        let outcome = try run(["{file}"], source: "print(\"before\")\n\"shown\"\nexit(3)\nprint(\"after\")\n")
        XCTAssertEqual(outcome.status, 3, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "before\n\"shown\"\n")
        XCTAssertEqual(outcome.stderr, "", "an exit is not an error")
        XCTAssertEqual(try run(["{file}"], source: "exit()\n").status, 0)
        XCTAssertEqual(try run(["{file}"], source: "exit(255)\n").status, 255)
    }

    func testTryDoesNotCatchExit() throws {
        let outcome = try run(["{file}"], source: "fn stop() { exit(5) }\ntry { stop() } catch e { print(\"caught\") }\nprint(\"after\")\n")
        XCTAssertEqual(outcome.status, 5, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "")
    }

    func testExitCodeOutsideZeroTo255IsARuntimeError() throws {
        let outcome = try run(["{file}"], source: "exit(256)\n")
        XCTAssertEqual(outcome.status, 70)
        XCTAssertTrue(outcome.stderr.contains("exit: argument 'code' must be between 0 and 255, got 256"), outcome.stderr)
        XCTAssertEqual(try run(["{file}"], source: "exit(-1)\n").status, 70)
    }

    func testExitInANotebookEndsWwnRunWithTheCode() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-cli-exit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let notebook = directory.appendingPathComponent("nb.wwn")
        try "#%% One\nprint(1)\n#%% Two\nexit(6)\n#%% Three\nprint(3)\n".write(to: notebook, atomically: true, encoding: .utf8)
        let report = directory.appendingPathComponent("out")
        let outcome = try run(["run", notebook.path, "-o", report.path])
        XCTAssertEqual(outcome.status, 6, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "1\n")
        let markdown = try String(contentsOf: report.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("The notebook called exit(6) in cell [2 (Two)]"), markdown)
    }

    func testMissingFileExits66() throws {
        let outcome = try run(["/nonexistent/dir/x.wwn"])
        XCTAssertEqual(outcome.status, 66)
        XCTAssertTrue(outcome.stderr.contains("/nonexistent/dir/x.wwn"))
    }

    func testVersionReportsBLASCore() throws {
        let outcome = try run(["--version"], environment: ["OPENBLAS_CORETYPE": ""])
        XCTAssertEqual(outcome.status, 0)
        XCTAssertTrue(outcome.stdout.hasPrefix("wwn "), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("BLAS: OpenBLAS"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("BLAS core: "), outcome.stdout)
    }

    /// `wwn check` compares with outputs recorded on other machines, so it runs on the Haswell
    /// kernels wherever they run, also where the CPU has AVX-512 (and `wwn FILE` gets SkylakeX).
    func testCheckRunsOnTheReproducibleCoreType() throws {
        let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = Set(cpuInfo.split(separator: "\n").first { $0.hasPrefix("flags") }?
            .split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) ?? [])
        try XCTSkipUnless(flags.isSuperset(of: ["avx2", "fma"]), "no AVX2 and FMA: no Haswell kernels")
        let outcome = try run(["check", "{file}"], source: "print(getenv(\"OPENBLAS_CORETYPE\"))\n#=> Haswell\n",
                              environment: ["OPENBLAS_CORETYPE": ""])
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        let chosen = try run(["check", "{file}"], source: "print(getenv(\"OPENBLAS_CORETYPE\"))\n#=> Prescott\n",
                             environment: ["OPENBLAS_CORETYPE": "Prescott"])
        XCTAssertEqual(chosen.status, 0, "the user's choice wins: " + chosen.stdout + chosen.stderr)
    }

    func testDocsMatchCommittedReference() throws {
        let outcome = try run(["docs"])
        XCTAssertEqual(outcome.status, 0)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("docs/reference.md"), encoding: .utf8)
        XCTAssertEqual(outcome.stdout, committed)
    }
}
