/// Every limit of the REPL, with its reason.
public enum ReplLimits {
    /// History entries kept in memory and in the file. Enough for months of sessions; the file
    /// is rewritten after every entry, so it must stay small (a few hundred KiB at most).
    public static let maxHistoryEntries = 5_000
    /// Largest history file read at start: 5,000 entries of 1,000 characters fit in 5 MB, so a
    /// bigger file is not a history the REPL wrote (16 MB leaves room for long pasted cells).
    public static let maxHistoryFileBytes = 16 << 20
    /// How long the line reader waits for a key before it looks at the interrupt flag again.
    /// Ctrl-C may be delivered to any thread (OpenBLAS starts its own), so the reader cannot
    /// rely on its `read` being interrupted; 100 ms feels instant and costs nothing.
    public static let interruptPollMilliseconds: Int32 = 100
    /// Completion candidates beyond which the REPL asks "Display all N possibilities?" before
    /// listing them (readline's default).
    public static let completionQueryThreshold: Int32 = 100
    /// Candidates offered by one path completion. Each costs a stat() to tell folders from
    /// files, so a huge directory must not stall the terminal; no one reads more than this.
    public static let maxPathCandidates = 2_000
    /// Characters of a value shown per line by `:vars`; the summary stops early instead of
    /// formatting a whole large list and cutting it afterwards.
    public static let variableSummaryWidth = 72
    /// Bytes read from standard input at once by the plain (non-terminal) reader.
    public static let readChunkSize = 64 * 1024
}
