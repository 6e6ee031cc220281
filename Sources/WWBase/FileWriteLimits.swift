/// Limits of writing files, with their reasons.
public enum FileWriteLimits {
    /// Attempts at finding an unused temporary file name next to an output file. Names are
    /// random, so a collision is already rare; this bounds the loop if a directory is flooded.
    public static let maxTemporaryNameAttempts = 100
    /// Temporary files that a signal can clean up at once. A writer beyond this many at the same
    /// time still works; its temporary file is just not removed if the process is killed.
    public static let maxTrackedTemporaryFiles = 64
    /// Temporary folders a signal can clean up at once: one gnuplot folder per figure being
    /// drawn and the session's figure folder, so a handful is plenty.
    public static let maxTrackedTemporaryDirectories = 16
    /// Child processes writing into those folders (gnuplot runs) that a signal stops first:
    /// one per figure being drawn at once.
    public static let maxTrackedChildProcesses = 16
}
