import Foundation
import WWBase
import WWSyntax

/// A `.wwn` notebook: its text and its cells. Splitting is purely line-based (a line starting
/// with `#%%` starts a cell), like the percent format of Jupytext and VS Code, so a notebook
/// with a syntax error still splits and its report can show which cell is broken.
public struct Notebook: Sendable {
    /// The path as the user gave it: the name diagnostics show and imports resolve against.
    public let path: String
    public let text: String
    public let cells: [NotebookCell]
    /// The file's lines without their `\n` (a trailing `\r` is kept, as the lexer sees it).
    let lines: [Substring]

    /// The marker that starts a cell, at the start of a line.
    static let cellMarker = "#%%"
    /// The first word after the marker that makes a Markdown cell.
    static let markdownKeyword = "md"

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        lines = splitLines(text)
        cells = Self.splitCells(lines)
    }

    /// Reads a notebook from disk.
    public static func load(path: String) throws -> Notebook {
        do throws(SourceReadError) { return Notebook(path: path, text: try SourceFile.readText(path: path)) } catch {
            if case .notAFile(let problem) = error.reason { throw NotebookError.notAFile(path: path, problem: problem) }
            throw NotebookError.source(error)
        }
    }

    /// The file name without directory and extension: `quickstart` for `notebooks/quickstart.wwn`.
    public var name: String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    public var codeCells: [NotebookCell] { cells.filter { $0.kind == .code } }

    /// The cell owning a line of the file.
    public func cell(containing line: Int) -> NotebookCell? {
        cells.first { $0.contains(line: line) }
    }

    /// The whole notebook as one source file (the program a script run would see).
    public var sourceFile: SourceFile { SourceFile(name: path, text: text) }

    /// The text the interpreter runs for `cell`: the whole file with every other cell's lines
    /// emptied (newlines kept), so line and column numbers are the file's.
    public func sourceFile(for cell: NotebookCell) -> SourceFile {
        var parts: [Substring] = []
        parts.reserveCapacity(lines.count)
        for (offset, line) in lines.enumerated() {
            parts.append(cell.lines.contains(offset + 1) ? line : "")
        }
        return SourceFile(name: path, text: parts.joined(separator: "\n"))
    }

    // MARK: splitting

    private struct Marker {
        var line: Int
        var kind: NotebookCell.Kind
        var title: String?
    }

    private static func marker(in line: Substring, number: Int) -> Marker? {
        guard line.hasPrefix(cellMarker) else { return nil }
        let rest = line.dropFirst(cellMarker.count)
        // `#%%%` or `#%%x` is an ordinary comment, not a marker.
        if let next = rest.first, !next.isWhitespace { return nil }
        let header = rest.trimmingCharacters(in: .whitespacesAndNewlines)
        let words = header.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
        if words.first == Substring(markdownKeyword) {
            let title = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
            return Marker(line: number, kind: .markdown, title: title.isEmpty ? nil : title)
        }
        return Marker(line: number, kind: .code, title: header.isEmpty ? nil : header)
    }

    private static func splitCells(_ lines: [Substring]) -> [NotebookCell] {
        var markers: [Marker] = []
        for (offset, line) in lines.enumerated() {
            if let marker = marker(in: line, number: offset + 1) { markers.append(marker) }
        }
        var pieces: [(marker: Marker?, lines: Range<Int>)] = []
        let firstMarkerLine = markers.first?.line ?? lines.count + 1
        if firstMarkerLine > 1 {
            let leading = 1..<firstMarkerLine
            // Blank lines before the first marker are not a cell.
            if leading.contains(where: { !lines[$0 - 1].allSatisfy(\.isWhitespace) }) {
                pieces.append((nil, leading))
            }
        }
        for (i, marker) in markers.enumerated() {
            let end = i + 1 < markers.count ? markers[i + 1].line : lines.count + 1
            pieces.append((marker, marker.line..<end))
        }
        return pieces.enumerated().map { i, piece in
            makeCell(index: i + 1, marker: piece.marker, lines: piece.lines, fileLines: lines)
        }
    }

    private static func makeCell(index: Int, marker: Marker?, lines range: Range<Int>, fileLines: [Substring]) -> NotebookCell {
        let bodyStart = marker == nil ? range.lowerBound : range.lowerBound + 1
        var body = Array(bodyStart..<range.upperBound)
        while let first = body.first, fileLines[first - 1].allSatisfy(\.isWhitespace) { body.removeFirst() }
        while let last = body.last, fileLines[last - 1].allSatisfy(\.isWhitespace) { body.removeLast() }
        let source = body.map { String(fileLines[$0 - 1].trimmingTrailingCarriageReturn) }.joined(separator: "\n")
        let kind = marker?.kind ?? .code
        var markdown: String?
        var firstCodeLine: Int?
        if kind == .markdown {
            var text: [String] = []
            for number in body {
                let line = fileLines[number - 1].trimmingTrailingCarriageReturn
                let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
                if trimmed.isEmpty {
                    text.append("")
                } else if trimmed.hasPrefix("#") {
                    let comment = trimmed.dropFirst()
                    text.append(String(comment.hasPrefix(" ") ? comment.dropFirst() : comment))
                } else {
                    if firstCodeLine == nil { firstCodeLine = number }
                }
            }
            markdown = text.joined(separator: "\n")
        }
        return NotebookCell(index: index, kind: kind, title: marker?.title, markerLine: marker?.line, lines: range,
                            source: source, sourceFirstLine: body.first ?? bodyStart, markdown: markdown,
                            firstCodeLineInMarkdown: firstCodeLine)
    }
}

/// Problems reading a notebook, before anything runs.
public enum NotebookError: Error, CustomStringConvertible {
    /// Unreadable, too large, not UTF-8 (the rule every source file follows).
    case source(SourceReadError)
    /// Missing, a directory, a FIFO, ...: `problem` says which (``RegularFile/problem(at:)``).
    case notAFile(path: String, problem: String)

    public var exitCode: Int32 {
        switch self {
        case .source(let error): return error.exitCode
        case .notAFile: return ExitCode.noInput
        }
    }

    public var description: String {
        switch self {
        case .source(let error): return "\(error)"
        case .notAFile(let path, let problem):
            let hint = problem.hasPrefix("is a directory") ? "; give a notebook file, such as '\((path as NSString).appendingPathComponent("NAME.wwn"))'" : ""
            return "cannot read the notebook '\(path)': it \(problem)\(hint)"
        }
    }
}

/// The lines of a text, split at each `\n` as the lexer counts them. Splitting Characters
/// would not do: `\r\n` is a single Character, so CRLF text would stay one line.
func splitLines(_ text: String) -> [Substring] {
    text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { Substring($0) }
}

extension StringProtocol {
    /// The line without the `\r` of a CRLF line ending.
    var trimmingTrailingCarriageReturn: SubSequence {
        hasSuffix("\r") ? self[startIndex..<index(before: endIndex)] : self[startIndex..<endIndex]
    }
}
