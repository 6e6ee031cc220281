/// The notebook runner behind `wwn run` and `wwn check`.
///
/// ## The `.wwn` notebook format
/// A notebook is a plain wwn script, so it diffs cleanly and runs as a script too.
/// - A line that starts (in column 1) with `#%%` starts a cell; the rest of the line is an
///   optional title: `#%% Data and baseline`. Code before the first marker is a first,
///   untitled cell (dropped if it is blank).
/// - `#%% md` starts a Markdown cell: every line is a `#` comment whose leading `# ` (or `#`) is
///   stripped; blank lines are kept. Code in a Markdown cell is an error.
/// - No outputs are stored in the file.
///
/// ## How a notebook runs
/// The whole file is first parsed and resolved as one program (syntax errors, redeclarations
/// across cells), then each code cell is resolved in order against the names the cells before
/// it declare: a static error anywhere stops the run before any cell runs, as for a script.
/// Then the cells run in order in one `Interpreter` session, so globals persist between cells
/// as they do at the REPL. Each cell runs as a `SourceFile` holding the whole text with every
/// other cell's lines blanked, so diagnostics carry the notebook's real line and column numbers.
///
/// ## `#=>` expectations (`wwn check`)
/// A comment starting with `#=>` — on its own line, or trailing on a line of code — states
/// expected output. It belongs to the top-level statement of its cell that starts last before
/// it, so all `#=>` lines between two top-level statements describe the first one's output.
/// The interpreter reports each top-level statement as it starts (`OutputSink.beginStatement`),
/// so every `print` and displayed value is attributed to the statement that was running.
/// See `OutputMatcher` for how lines compare and `ExpectationUpdater` for `--update`.
public enum WWNotebook {}
