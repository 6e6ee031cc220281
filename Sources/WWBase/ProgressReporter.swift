/// Where a long operation reports how far it is. Domain modules report through this protocol
/// only; whether anything is drawn (a bar on a terminal, nothing in a notebook or a log) is the
/// caller's choice, so no domain module looks at terminals.
///
/// Reports may come from several worker threads at once (the spectral analysis runs layers side
/// by side), so a conforming type must be safe to call concurrently.
public protocol ProgressReporter: AnyObject, Sendable {
    /// `done` of `total` units are finished; `label` names the current one (a layer, a step).
    func progress(done: Int, total: Int, label: String)
    /// The operation is over (finished, failed or stopped): clear whatever was shown.
    func finish()
}
