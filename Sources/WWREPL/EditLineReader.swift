import CEditLine
import CLineEditing
import CSignals
import Foundation
import WWBase

/// Line editing on a terminal through libedit's readline interface: emacs keys, history kept
/// in a file, Ctrl-R reverse search, and Tab completion from a `Completer`.
final class EditLineReader: LineReader {
    /// Characters at which libedit starts the word it completes. The completer finds its own
    /// word; these only need to include everything that can precede one (see
    /// `Completer.replacements`). `/` and `.` break so listings show short names.
    static let wordBreakCharacters = " \t\n\"\\'`@$><=;|&{(,)[]}+-*/%^!:.?#~"

    private let historyPath: String?
    private var lastEntry: String?
    private var hasWarnedAboutHistory = false
    /// False when the history file was refused at start: the session then neither reads nor
    /// writes it.
    private var historyIsUsable = true

    init(completer: Completer, historyPath: String?) {
        self.historyPath = historyPath
        CompletionBridge.completer = completer
        Self.useUTF8CharacterTypes()
        // rl_initialize names the editor after it and reads ~/.editrc, where lines starting
        // `wwn:` apply to this program only.
        rl_readline_name = UnsafePointer(strdup("wwn"))
        rl_getc_function = readCharacterWatchingInterrupts
        rl_initialize()
        // libedit binds no key to incremental search; Ctrl-R as in bash, Python and IPython.
        _ = wwn_rl_bind_reverse_search()
        rl_basic_word_break_characters = UnsafePointer(strdup(Self.wordBreakCharacters))
        rl_attempted_completion_function = completeWord
        rl_completion_append_character = 0
        // libedit asks "Display all N possibilities?" itself with a blocking getc(stdin) that no
        // Ctrl-C reaches: three presses there ended the session through the force-quit rule.
        // The completer asks instead (`CompletionQuestion`), so libedit must never ask.
        rl_completion_query_items = Int32.max
        using_history()
        stifle_history(Int32(ReplLimits.maxHistoryEntries))
        if let historyPath {
            if let problem = HistoryFile.problem(at: historyPath) {
                // A bad history file is a warning, never fatal: the session runs without it.
                hasWarnedAboutHistory = true
                historyIsUsable = false
                StandardStreams.error("wwn: not using the history file \(TerminalText.safe(historyPath)): \(problem)\n")
            } else if FileManager.default.fileExists(atPath: historyPath) {
                _ = read_history(historyPath)
            }
        }
    }

    /// libedit inserts only characters `iswprint` accepts, which in the "C" locale a program
    /// starts in excludes é and µ. Character classes come from the user's locale, or C.UTF-8
    /// when that is not UTF-8. Only LC_CTYPE changes: number formatting stays as it was.
    private static func useUTF8CharacterTypes() {
        func isUTF8() -> Bool {
            guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
            let name = String(cString: codeset).lowercased()
            return name == "utf-8" || name == "utf8"
        }
        if setlocale(LC_CTYPE, "") != nil, isUTF8() { return }
        if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "C.utf8") }
    }

    func readLine(prompt: String) -> LineInput {
        wwn_clear_interrupt()
        let cooked = Self.stopLineBuffering()
        let raw = readline(prompt)
        if var cooked { _ = tcsetattr(STDIN_FILENO, TCSADRAIN, &cooked) }
        guard let raw else {
            guard wwn_take_interrupt() != 0 else {
                StandardStreams.output("\n")  // leave the shell prompt a clean line
                return .end
            }
            // Raw mode does not echo the key: show it, and leave the abandoned line visible.
            StandardStreams.output("^C\n")
            return .interrupted
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    /// libedit prints the prompt while the terminal is still in cooked mode and switches to
    /// raw mode only when it reads the first key. A key typed in between is handled by the
    /// terminal's line discipline: echoed twice, and Ctrl-D turned into an end-of-line marker
    /// libedit never sees (a fast typist, or a test, then cannot leave). Turning off canonical
    /// input and echo before `readline` closes that window. libedit takes the terminal's state
    /// at each call as the one to restore, so the caller puts back the returned settings.
    private static func stopLineBuffering() -> termios? {
        var cooked = termios()
        guard tcgetattr(STDIN_FILENO, &cooked) == 0 else { return nil }
        var settings = cooked
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO)
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        return cooked
    }

    func peekLine() -> String? { nil }

    func addHistory(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, entry != lastEntry else { return }
        _ = add_history(entry)
        lastEntry = entry
    }

    /// Rewrites the whole file, which `stifle_history` keeps to `maxHistoryEntries`, so it never
    /// grows without bound (appending would). Two sessions open at once: the last one to save
    /// wins. Owner-only permissions, as bash does: history can hold paths and tokens.
    func saveHistory() {
        guard let historyPath, historyIsUsable else { return }
        // Checked again: the file may have been replaced (by a link, a FIFO) during the session.
        let failure = HistoryFile.problem(at: historyPath) ?? HistoryFile.save(to: historyPath) { write_history($0) }
        if let failure, !hasWarnedAboutHistory {
            hasWarnedAboutHistory = true
            StandardStreams.error("wwn: cannot save the history to \(TerminalText.safe(historyPath)): \(failure)\n")
        }
    }
}

/// The completer libedit's C callback reaches; the callback cannot capture context.
enum CompletionBridge {
    nonisolated(unsafe) static var completer: Completer?

    /// The array readline's completion interface expects, allocated with malloc because libedit
    /// frees it: the common prefix of all matches first, then the matches (a lone match is not
    /// repeated), then NULL.
    static func matchArray(_ matches: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        guard !matches.isEmpty else { return nil }
        let listed = matches.count == 1 ? [] : matches
        guard let array = calloc(listed.count + 2, MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)?
            .assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self) else { return nil }
        array[0] = strdup(commonPrefix(matches))
        for (i, match) in listed.enumerated() { array[i + 1] = strdup(match) }
        return array
    }

    static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map({ Array($0.unicodeScalars) }) else { return "" }
        for string in strings.dropFirst() {
            let scalars = Array(string.unicodeScalars)
            var n = 0
            while n < prefix.count, n < scalars.count, prefix[n] == scalars[n] { n += 1 }
            prefix.removeSubrange(n...)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: prefix)
        return String(view)
    }
}

/// libedit's completion hook. `end` is the cursor as a count of characters (libedit edits wide
/// characters), so the text before the cursor is cut by Unicode scalars, not bytes.
private let completeWord: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, end in
    // Never fall back to libedit's own file-name completion in code.
    rl_attempted_completion_over = 1
    guard let completer = CompletionBridge.completer, let text, let buffer = rl_line_buffer else { return nil }
    let scalars = String(cString: buffer).unicodeScalars
    var before = String.UnicodeScalarView()
    before.append(contentsOf: scalars.prefix(max(0, Int(end))))
    let result = completer.complete(before: String(before))
    guard let strings = Completer.replacements(for: result, editorWord: String(cString: text)) else { return nil }
    // libedit lists candidates only on a repeated Tab (completion type '?'); a first Tab just
    // inserts their common prefix, so only a listing needs the question.
    let listing = rl_completion_type == Int32(UInt8(ascii: "?"))
    if listing, strings.count > Int(ReplLimits.completionQueryThreshold), !CompletionQuestion.confirmListing(count: strings.count) {
        // Declined: complete the common prefix only, with no listing, and draw the prompt
        // again below the question.
        rl_forced_update_display()
        return CompletionBridge.matchArray([CompletionBridge.commonPrefix(strings)])
    }
    return CompletionBridge.matchArray(strings)
}

/// The "Display all N possibilities? (y or n)" question, read with the interrupt-aware key
/// reader: Ctrl-C there answers no and leaves the session as it was.
enum CompletionQuestion {
    static func confirmListing(count: Int) -> Bool {
        StandardStreams.output("\nDisplay all \(count) possibilities? (y or n) ")
        let answer = TerminalKeys.nextByte()
        if answer == nil, wwn_take_interrupt() != 0 {
            StandardStreams.output("^C\n")
            return false
        }
        let yes = answer == UInt8(ascii: "y") || answer == UInt8(ascii: "Y")
        StandardStreams.output(yes ? "y" : "n")
        // libedit prints the listing after a line break of its own.
        if !yes { StandardStreams.output("\n") }
        return yes
    }
}

/// One byte from the terminal, waiting with `poll` so that Ctrl-C is noticed even when the
/// signal lands on another thread; nil at end of input or on an interrupt.
enum TerminalKeys {
    static func nextByte() -> UInt8? {
        while true {
            guard InputPolling.waitForInput() == .ready else { return nil }
            var byte: UInt8 = 0
            let count = read(STDIN_FILENO, &byte, 1)
            if count == 1 { return byte }
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            return nil
        }
    }
}

/// libedit's character source. It reads through `TerminalKeys`, so Ctrl-C at the prompt is
/// noticed, and then reports end of input; `readLine` tells the two
/// apart by the interrupt flag. libedit stores the returned int as a wide character, so UTF-8
/// is decoded here and a whole Unicode scalar returned (returning bytes would garble é or µ).
private let readCharacterWatchingInterrupts: @convention(c) (UnsafeMutablePointer<FILE>?) -> Int32 = { _ in
    let nextByte = TerminalKeys.nextByte
    guard let lead = nextByte() else { return EOF }
    let length: Int
    switch lead {
    case 0x00...0x7F: return Int32(lead)
    case 0xC2...0xDF: length = 2
    case 0xE0...0xEF: length = 3
    case 0xF0...0xF4: length = 4
    default: return 0xFFFD
    }
    var bytes = [lead]
    for _ in 1..<length {
        guard let next = nextByte() else { return EOF }
        bytes.append(next)
    }
    guard let scalar = String(decoding: bytes, as: UTF8.self).unicodeScalars.first else { return 0xFFFD }
    return Int32(scalar.value)
}
