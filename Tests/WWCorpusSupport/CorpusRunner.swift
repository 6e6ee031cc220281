// The runner of the .wwn test corpora: every `<corpus>/<feature>/*.wwn` file is one case, run in a
// fresh `Interpreter` (Crafting Interpreters' test.py, in Swift). Files in a folder named
// `helpers` are modules the cases import, not cases. Two corpora use it: `Tests/language`, the
// language's own cases with the core built-ins (WWInterpreterTests), and `Tests/library`, the
// domain built-ins' cases with WWLibrary's registry (WWLibraryTests). XCTest-free, so both test
// targets share it; they report the failures it returns.
//
// Expectations are comments in the case itself:
//
//   `#=> text`   one line of output, trailing on a line or on its own line. All of them, in file
//                order, must equal the lines the program wrote (displayed values and `print`
//                output), in order and in number. Lines are compared after trimming trailing
//                spaces; one space after `#=>` is dropped, further leading spaces are kept.
//                An empty output line is written as a bare `#=>`.
//
//   `#!error message`           the program fails at run time (exit code 70) with a diagnostic
//                               whose message contains `message`, located on the line of this
//                               comment (so write it trailing on the offending line).
//   `#!error[static] message`   the same for an error found before anything runs: a syntax or
//                               resolution error (exit code 65). Nothing runs, so a static case
//                               has no `#=>` lines.
//   Options in the brackets are separated by commas: `static`, `line N` (the diagnostic is on
//   line N instead, e.g. an unclosed bracket written on an earlier line; `line *` skips the
//   check, for errors in the standard library whose lines move), `column N` (the diagnostic's
//   column, when it matters), `file NAME` (the diagnostic is in another file whose name ends
//   with NAME, e.g. an imported helper).
//   At most one `#!error` per file. Output written before a runtime error must still match the
//   `#=>` lines.
//
//   `#!exit N`   the program ends by calling `exit(N)` on the line of this comment (not an
//                error; the output before it must match the `#=>` lines).
//
//   `#!note text`   (with an `#!error`) some note of the diagnostic contains `text`: the
//                   signature of a built-in, a "did you mean" suggestion.
//   `#!stack text`  (with an `#!error`) some line of the call stack, written
//                   `in NAME, called from FILE:LINE:COLUMN` with FILE the base name, contains `text`.
//
// Expectations are found by a small scanner that knows strings (with `\( )` interpolation and
// `"""` blocks), so a `#` inside a string is text, not a comment.
//
// Set WWN_CORPUS_FILTER to a substring of the relative path to run only matching cases.

import Foundation
import WWInterpreter
import WWSyntax

/// One corpus: a folder of cases and the registry they run with.
public struct CorpusRunner {
    /// The folder whose `<feature>/*.wwn` files are the cases.
    public let directory: URL
    /// The built-ins every case's interpreter gets.
    public let registry: Registry
    /// Most time one case may take before it is reported as hanging.
    public var caseTimeout: TimeInterval = 120

    public init(directory: URL, registry: Registry) {
        self.directory = directory
        self.registry = registry
    }

    /// `Tests/<name>` of this repository, found from this file's path so the tests run from any
    /// directory.
    public static func corpusDirectory(named name: String) -> URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // WWCorpusSupport
            .deletingLastPathComponent()   // Tests
            .appendingPathComponent(name)
    }

    // MARK: running every case

    /// Runs every case whose relative path contains `filter` (all when nil or empty) and returns
    /// the counts and one report per failing case (`path: differences`).
    public func runAll(filter: String? = ProcessInfo.processInfo.environment["WWN_CORPUS_FILTER"]) throws
        -> (passed: Int, failed: Int, failures: [String]) {
        var passed = 0
        var failures: [String] = []
        for file in try caseFiles() {
            let name = relativeName(file)
            if let filter, !filter.isEmpty, !name.contains(filter) { continue }
            if let failure = runCase(file) {
                failures.append("\(name): \(failure)")
            } else {
                passed += 1
            }
        }
        return (passed, failures.count, failures)
    }

    /// A report for every case whose expectations are malformed or missing (empty when all are
    /// well formed).
    public func malformedCases() throws -> [String] {
        var problems: [String] = []
        for file in try caseFiles() {
            let text = try String(contentsOf: file, encoding: .utf8)
            switch Expectations.parse(text) {
            case .failure(let problem):
                problems.append("\(relativeName(file)): malformed expectation: \(problem)")
            case .success(let expectations):
                if expectations.output.isEmpty && expectations.error == nil && expectations.exit == nil {
                    problems.append("\(relativeName(file)) has no #=> or #!error expectation")
                }
            }
        }
        return problems
    }

    // MARK: finding cases

    public func caseFiles() throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker where url.pathExtension == "wwn" {
            let parts = relativeName(url).split(separator: "/")
            if parts.count < 2 || parts.dropLast().contains("helpers") { continue }
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }

    public func relativeName(_ url: URL) -> String {
        let base = directory.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }

    // MARK: running one case

    private struct Outcome {
        var output: String
        var diagnostic: Diagnostic?
        var otherError: String?
    }

    /// Runs one file; nil when it met every expectation, else a report of the differences.
    public func runCase(_ url: URL) -> String? {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch { return "cannot read the file: \(error)" }
        let expectations: Expectations
        switch Expectations.parse(text) {
        case .failure(let problem): return "malformed expectation: \(problem)"
        case .success(let e): expectations = e
        }
        if expectations.output.isEmpty && expectations.error == nil && expectations.exit == nil { return "the file has no #=> or #!error expectation" }

        // The interpreter runs on its own large-stack thread; this thread only waits, so a
        // hanging case is reported instead of stopping the whole suite.
        let path = url.path
        let registry = self.registry
        let box = OutcomeBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let outcome = runWithLargeStack { () -> Outcome in
                let output = CapturedOutput()
                let interpreter = Interpreter(registry: registry, output: output)
                do {
                    try interpreter.run(SourceFile(name: path, text: text))
                    return Outcome(output: output.text)
                } catch let diagnostic as Diagnostic {
                    return Outcome(output: output.text, diagnostic: diagnostic)
                } catch {
                    return Outcome(output: output.text, otherError: "\(error)")
                }
            }
            box.set(outcome)
            done.signal()
        }
        guard done.wait(timeout: .now() + caseTimeout) == .success, let outcome = box.get() else {
            return "did not finish within \(Int(caseTimeout)) seconds (a hang?)"
        }
        return Self.compare(outcome, expectations, file: url)
    }

    private final class OutcomeBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Outcome?
        func set(_ v: Outcome) { lock.lock(); value = v; lock.unlock() }
        func get() -> Outcome? { lock.lock(); defer { lock.unlock() }; return value }
    }

    private static func compare(_ outcome: Outcome, _ expected: Expectations, file: URL) -> String? {
        var problems: [String] = []
        if let other = outcome.otherError { problems.append("failed with a non-diagnostic error: \(other)") }

        // Output, line by line.
        var actualLines = outcome.output.components(separatedBy: "\n")
        if actualLines.last == "" { actualLines.removeLast() }
        actualLines = actualLines.map(trimTrailing)
        let expectedLines = expected.output.map(\.text)
        if actualLines != expectedLines {
            var report = "output differs"
            if let i = zip(actualLines, expectedLines).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                report += " at output line \(i + 1) (expected on source line \(expected.output[i].line)):"
                report += "\n    expected: \(expectedLines[i])\n    actual:   \(actualLines[i])"
            } else {
                report += ": expected \(expectedLines.count) lines, got \(actualLines.count)"
            }
            report += "\n  expected output:\n" + indent(expectedLines) + "\n  actual output:\n" + indent(actualLines)
            problems.append(report)
        }

        // The exit, if any: not an error, so it is taken out before the error is compared.
        var diagnostic = outcome.diagnostic
        if let d = diagnostic, d.kind == .exit {
            diagnostic = nil
            let line = d.location?.line ?? 0
            if let exit = expected.exit {
                if exit.code != d.requestedExitCode || exit.line != line {
                    problems.append("expected exit(\(exit.code)) on line \(exit.line), got exit(\(d.requestedExitCode)) on line \(line)")
                }
            } else {
                problems.append("the program called exit(\(d.requestedExitCode)) on line \(line) unexpectedly")
            }
        } else if let exit = expected.exit {
            problems.append("expected the program to call exit(\(exit.code)) on line \(exit.line), but it \(diagnostic == nil ? "ran to the end" : "failed")")
        }

        // The error, if any.
        switch (expected.error, diagnostic) {
        case (nil, nil):
            break
        case (nil, let d?):
            problems.append("unexpected error:\n" + indent(d.rendered().components(separatedBy: "\n")))
        case (let e?, nil):
            problems.append("expected \(e.isStatic ? "a static" : "a runtime") error containing \"\(e.message)\" \(e.line.map { " on line \($0)" } ?? ""), but the program succeeded")
        case (let e?, let d?):
            var mismatches: [String] = []
            let isStatic = d.kind == .syntax || d.kind == .resolution
            if d.kind == .interrupt || isStatic != e.isStatic {
                mismatches.append("expected \(e.isStatic ? "a static (syntax or resolution)" : "a runtime") error, got a \(d.kind.rawValue) error")
            }
            if !d.message.contains(e.message) { mismatches.append("the message does not contain \"\(e.message)\"") }
            let line = d.location?.line ?? 0
            if let expectedLine = e.line, line != expectedLine {
                mismatches.append("expected on line \(expectedLine), reported on line \(line)")
            }
            if let expectedColumn = e.column, d.location?.column != expectedColumn {
                mismatches.append("expected at column \(expectedColumn), reported at column \(d.location?.column ?? 0)")
            }
            let actualFile = d.file?.name ?? "<none>"
            if let expectedFile = e.file {
                if actualFile != expectedFile && !actualFile.hasSuffix("/" + expectedFile) {
                    mismatches.append("expected in file \(expectedFile), reported in \(actualFile)")
                }
            } else if actualFile != file.path {
                mismatches.append("expected in this file, reported in \(actualFile)")
            }
            for note in expected.notes where !d.notes.contains(where: { $0.contains(note.text) }) {
                mismatches.append("no note contains \"\(note.text)\" (line \(note.line))")
            }
            let frames = d.stack.map { "in \($0.function), called from \(($0.file as NSString).lastPathComponent):\($0.location.line):\($0.location.column)" }
            for frame in expected.stack where !frames.contains(where: { $0.contains(frame.text) }) {
                mismatches.append("no call-stack line contains \"\(frame.text)\" (line \(frame.line))")
            }
            if !mismatches.isEmpty {
                problems.append("wrong error: " + mismatches.joined(separator: "; ") + "\n  actual error:\n"
                                + indent(d.rendered().components(separatedBy: "\n")))
            }
        }
        return problems.isEmpty ? nil : problems.joined(separator: "\n")
    }

    private static func indent(_ lines: [String]) -> String {
        lines.isEmpty ? "    (nothing)" : lines.map { "    | " + $0 }.joined(separator: "\n")
    }
}

func trimTrailing(_ s: String) -> String {
    var s = Substring(s)
    while let last = s.last, last == " " || last == "\t" || last == "\r" { s.removeLast() }
    return String(s)
}

// MARK: - Expectations in a case

struct Expectations {
    struct Line { var line: Int; var text: String }
    struct ExpectedError {
        /// nil: any line (`line *`).
        var line: Int?
        var message: String
        var isStatic: Bool
        var file: String?
        /// nil: any column.
        var column: Int?
    }
    struct ExpectedExit { var line: Int; var code: Int32 }

    var output: [Line] = []
    var error: ExpectedError?
    var exit: ExpectedExit?
    var notes: [Line] = []
    var stack: [Line] = []

    /// Reads the expectation comments of a case.
    static func parse(_ text: String) -> Result<Expectations, ParseProblem> {
        var result = Expectations()
        for comment in comments(in: text) {
            let body = comment.text
            if body.hasPrefix("=>") {
                var rest = body.dropFirst(2)
                if rest.first == " " { rest = rest.dropFirst() }
                result.output.append(Line(line: comment.line, text: trimTrailing(String(rest))))
            } else if body.hasPrefix("!error") {
                guard result.error == nil else { return .failure(ParseProblem("line \(comment.line): a second #!error")) }
                var rest = Substring(body.dropFirst(6))
                var error = ExpectedError(line: comment.line, message: "", isStatic: false, file: nil)
                if rest.first == "[" {
                    guard let close = rest.firstIndex(of: "]") else { return .failure(ParseProblem("line \(comment.line): '[' without ']'")) }
                    for option in rest[rest.index(after: rest.startIndex)..<close].split(separator: ",") {
                        let words = option.split(separator: " ").map(String.init)
                        switch (words.first, words.count) {
                        case ("static", 1): error.isStatic = true
                        case ("line", 2) where words[1] == "*": error.line = nil
                        case ("line", 2):
                            guard let n = Int(words[1]) else { return .failure(ParseProblem("line \(comment.line): bad line number in \(option)")) }
                            error.line = n
                        case ("file", 2): error.file = words[1]
                        case ("column", 2):
                            guard let n = Int(words[1]) else { return .failure(ParseProblem("line \(comment.line): bad column number in \(option)")) }
                            error.column = n
                        default: return .failure(ParseProblem("line \(comment.line): unknown #!error option '\(option)'"))
                        }
                    }
                    rest = rest[rest.index(after: close)...]
                }
                error.message = rest.trimmingCharacters(in: .whitespaces)
                guard !error.message.isEmpty else { return .failure(ParseProblem("line \(comment.line): #!error without a message")) }
                result.error = error
            } else if body.hasPrefix("!exit") {
                guard result.exit == nil else { return .failure(ParseProblem("line \(comment.line): a second #!exit")) }
                guard let code = Int32(body.dropFirst(5).trimmingCharacters(in: .whitespaces)) else {
                    return .failure(ParseProblem("line \(comment.line): #!exit needs the exit code, as in #!exit 3"))
                }
                result.exit = ExpectedExit(line: comment.line, code: code)
            } else if body.hasPrefix("!note ") {
                result.notes.append(Line(line: comment.line, text: body.dropFirst(6).trimmingCharacters(in: .whitespaces)))
            } else if body.hasPrefix("!stack ") {
                result.stack.append(Line(line: comment.line, text: body.dropFirst(7).trimmingCharacters(in: .whitespaces)))
            } else if body.hasPrefix("!") {
                return .failure(ParseProblem("line \(comment.line): unknown expectation '#\(body.prefix(12))'"))
            }
        }
        if (!result.notes.isEmpty || !result.stack.isEmpty) && result.error == nil {
            return .failure(ParseProblem("#!note and #!stack need an #!error"))
        }
        return .success(result)
    }

    struct ParseProblem: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    /// The comments of a wwn source with their line numbers (text after the `#`), skipping `#`
    /// inside strings, interpolations and multi-line strings. Like the lexer, a line break ends
    /// an unterminated "..." string or interpolation; a `"""` string left open at the end of the
    /// file is an error the lexer reports, so the text after its opening is read as code again.
    static func comments(in text: String) -> [(line: Int, text: String)] {
        enum Mode { case code(depth: Int, interpolation: Bool), string, block(start: Int, line: Int) }
        let chars = Array(text.unicodeScalars)
        var modes: [Mode] = [.code(depth: 0, interpolation: false)]
        var out: [(Int, String)] = []
        var line = 1
        var i = 0
        func at(_ j: Int) -> Unicode.Scalar? { j < chars.count ? chars[j] : nil }
        while true {
            if i >= chars.count {
                let open = modes.first { if case .block = $0 { return true } else { return false } }
                guard case .block(let start, let startLine)? = open else { break }
                modes = [.code(depth: 0, interpolation: false)]
                i = start
                line = startLine
                continue
            }
            let c = chars[i]
            if c == "\n" { line += 1 }
            switch modes.last! {
            case .code(let depth, let interpolation):
                if c == "\n", interpolation {
                    modes.removeLast(2)   // the line break ends the interpolation and its string
                    i += 1
                    continue
                }
                if c == "#", !interpolation {   // the lexer ends an interpolation at its `)`, `#` or not
                    var j = i + 1
                    var body = String.UnicodeScalarView()
                    while j < chars.count, chars[j] != "\n" { body.append(chars[j]); j += 1 }
                    out.append((line, String(body)))
                    i = j
                    continue
                } else if c == "\"" {
                    if at(i + 1) == "\"", at(i + 2) == "\"" { modes.append(.block(start: i + 3, line: line)); i += 3; continue }
                    modes.append(.string)
                } else if c == "(" {
                    modes[modes.count - 1] = .code(depth: depth + 1, interpolation: interpolation)
                } else if c == ")" {
                    if depth == 0, interpolation { modes.removeLast() } else {
                        modes[modes.count - 1] = .code(depth: max(0, depth - 1), interpolation: interpolation)
                    }
                }
            case .string, .block:
                let isBlock: Bool = { if case .block = modes.last! { return true } else { return false } }()
                if c == "\\" {
                    if at(i + 1) == "(" { modes.append(.code(depth: 0, interpolation: true)); i += 2; continue }
                    if at(i + 1) == "\n" { line += 1 }
                    i += 2
                    continue
                } else if c == "\"" {
                    if !isBlock { modes.removeLast() } else if at(i + 1) == "\"", at(i + 2) == "\"" {
                        modes.removeLast()
                        i += 3
                        continue
                    }
                } else if c == "\n", !isBlock {
                    modes.removeLast()   // an unterminated string ends at the line break
                }
            }
            i += 1
        }
        return out
    }
}
