/// Why an ``AtomicFileWriter`` could not put a file in place. Each caller turns it into its own
/// message (a model file, a figure, a CSV table and a report say it differently), so this
/// carries only the step that failed and the system's reason.
public enum AtomicWriteError: Error, Equatable, Sendable {
    /// `.createNew`: something already has the target's name (checked atomically).
    case alreadyExists
    /// The temporary file beside the target could not be created (no such directory, no
    /// permission, no space).
    case cannotCreateTemporaryFile(reason: String)
    /// Writing the temporary file failed (disk full, I/O error).
    case cannotWrite(reason: String)
    /// The written data could not be flushed to disk or the file closed.
    case cannotFlush(reason: String)
    /// The finished file could not be moved onto the target's name, or (checked before writing)
    /// the target is not a regular file, which is never replaced.
    case cannotMoveIntoPlace(reason: String)

    /// The system's reason (`strerror`), or a short phrase for ``alreadyExists``.
    public var reason: String {
        switch self {
        case .alreadyExists: return "already exists"
        case .cannotCreateTemporaryFile(let reason), .cannotWrite(let reason),
             .cannotFlush(let reason), .cannotMoveIntoPlace(let reason):
            return reason
        }
    }
}
