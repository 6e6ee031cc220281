/// The process exit codes of every wwn command (the CLI, `wwn run`/`wwn check`, the REPL).
/// They follow BSD sysexits, as Crafting Interpreters and Wren do, so scripts and CI can tell
/// a usage error from bad data from a missing file. One table, so the commands cannot drift.
public enum ExitCode {
    public static let success: Int32 = 0
    /// `wwn check`: an expectation did not match (every cell ran).
    public static let expectationFailed: Int32 = 1
    /// `EX_USAGE`: the command line was wrong.
    public static let usage: Int32 = 64
    /// `EX_DATAERR`: the input is malformed (a syntax error, a file that is not a model).
    public static let dataError: Int32 = 65
    /// `EX_NOINPUT`: an input file does not exist or cannot be read.
    public static let noInput: Int32 = 66
    /// `EX_SOFTWARE`: a runtime error in the program being run.
    public static let software: Int32 = 70
    /// `EX_CANTCREAT`: an output file cannot be created.
    public static let cannotCreate: Int32 = 73
    /// `EX_IOERR`: writing an output failed.
    public static let ioError: Int32 = 74
    /// 128 + SIGINT, as a shell reports a process ended by Ctrl-C.
    public static let interrupted: Int32 = 130
    /// Ended by SIGTERM (`timeout`, a batch scheduler's time limit, a CI cancellation) after
    /// finishing what it could, as a shell reports a process killed by it: 128 + 15.
    public static let terminated: Int32 = 143
}
