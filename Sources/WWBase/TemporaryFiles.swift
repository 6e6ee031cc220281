import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files being written right now, and the temporary folders that hold them
/// (gnuplot's `wwn-plot-*`, the session's `wwn-figures-*`), so a process ended by a signal
/// leaves none behind. An error or a polled Ctrl-C already removes them (``AtomicFileWriter``'s failure
/// path); this covers signals that end the process without unwinding: SIGTERM, SIGHUP, and the
/// third unanswered Ctrl-C (the CLI passes ``removeAllNow`` to its SIGINT handler's force-quit).
///
/// Cleaning happens inside the signal handler, so it must be async-signal-safe: the paths are
/// kept as C strings made in advance, in a fixed table allocated once and never freed, and the
/// handler only reads that table and calls `unlink`, `signal` and `raise`. Cleaning at the CLI's
/// exit path instead would miss SIGTERM, whose default action ends the process at once.
public enum TemporaryFiles {
    /// A registered path's slot; pass it back to ``unregister(_:)``.
    public struct Registration {
        let slot: Int?
        var isDirectory = false
    }

    /// Slots of C strings. Allocated on first use (``installTerminationCleanup()`` forces that
    /// before any handler can run, so the handler never runs a lazy initialiser).
    private static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: FileWriteLimits.maxTrackedTemporaryFiles)
        table.initialize(repeating: nil, count: FileWriteLimits.maxTrackedTemporaryFiles)
        return table
    }()
    /// Slots of registered folders, removed (`rmdir`) after the files, so a folder whose every
    /// file was registered goes too; one holding anything else stays (nothing unknown is deleted).
    private static let directorySlots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: FileWriteLimits.maxTrackedTemporaryDirectories)
        table.initialize(repeating: nil, count: FileWriteLimits.maxTrackedTemporaryDirectories)
        return table
    }()
    /// Process ids of children writing into registered folders (0 = free slot).
    private static let childSlots: UnsafeMutablePointer<pid_t> = {
        let table = UnsafeMutablePointer<pid_t>.allocate(capacity: FileWriteLimits.maxTrackedChildProcesses)
        table.initialize(repeating: 0, count: FileWriteLimits.maxTrackedChildProcesses)
        return table
    }()
    private static let lock = NSLock()

    /// Records a child process (gnuplot) that writes into a registered folder: a signal ends
    /// it before removing the folder's files, since a child still running after SIGTERM
    /// reached the parent would write its output after the clean-up (a folder left behind one
    /// run in a few under load). Returns the slot for ``unregisterChild(_:)``; nil when full.
    public static func registerChild(_ pid: pid_t) -> Int? {
        lock.lock(); defer { lock.unlock() }
        for slot in 0..<FileWriteLimits.maxTrackedChildProcesses where childSlots[slot] == 0 {
            childSlots[slot] = pid
            return slot
        }
        return nil
    }

    /// Forgets a child once it has ended.
    public static func unregisterChild(_ slot: Int?) {
        guard let slot else { return }
        lock.lock(); defer { lock.unlock() }
        childSlots[slot] = 0
    }

    /// Records `path` until ``unregister(_:)``. When the table is full the file is not
    /// tracked (the write still works; see ``FileWriteLimits/maxTrackedTemporaryFiles``).
    public static func register(_ path: String) -> Registration {
        Registration(slot: claim(path, in: slots, capacity: FileWriteLimits.maxTrackedTemporaryFiles), isDirectory: false)
    }

    /// Records a temporary folder until ``unregister(_:)``: a signal removes it after the
    /// registered files, if nothing else is left in it. Register each file put in it too.
    public static func registerDirectory(_ path: String) -> Registration {
        Registration(slot: claim(path, in: directorySlots, capacity: FileWriteLimits.maxTrackedTemporaryDirectories), isDirectory: true)
    }

    private static func claim(_ path: String, in table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, capacity: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        for slot in 0..<capacity where table[slot] == nil {
            guard let copy = strdup(path) else { return nil }
            table[slot] = copy
            return slot
        }
        return nil
    }

    /// Forgets a path (it was renamed into place or removed).
    public static func unregister(_ registration: Registration) {
        guard let slot = registration.slot else { return }
        let table = registration.isDirectory ? directorySlots : slots
        lock.lock(); defer { lock.unlock() }
        let copy = table[slot]
        // Cleared before freed: a handler running meanwhile sees nil, not freed memory.
        table[slot] = nil
        free(copy)
    }

    /// Removes every registered file, then every registered folder left empty.
    /// Async-signal-safe (reads the tables, calls `unlink` and `rmdir`); meant for signal
    /// handlers, where the process is about to end.
    public static func removeAllNow() {
        // Registered children first, so none writes again after its files are gone.
        for slot in 0..<FileWriteLimits.maxTrackedChildProcesses {
            let pid = childSlots[slot]
            guard pid > 0 else { continue }
            kill(pid, SIGKILL)
            // Reaped here or by Foundation's monitor; either way it has stopped writing.
            _ = waitpid(pid, nil, 0)
        }
        for slot in 0..<FileWriteLimits.maxTrackedTemporaryFiles {
            if let path = slots[slot] { unlink(path) }
        }
        for slot in 0..<FileWriteLimits.maxTrackedTemporaryDirectories {
            if let path = directorySlots[slot] { rmdir(path) }
        }
    }

    /// Marks the process as ending, then removes every registered file: what a handler of a
    /// signal that ends the process calls. Async-signal-safe. The mark comes first: a writer on
    /// another thread that creates its file after the clean-up has passed its name sees the
    /// mark and removes the file itself (see ``isTerminating``).
    public static func removeAllForTermination() {
        terminating.store(true, ordering: .sequentiallyConsistent)
        removeAllNow()
    }

    /// Set by ``removeAllForTermination()``: the process is ending. The handler runs on one thread while
    /// the interpreter writes on another, which kept going for milliseconds between the
    /// handler's clean-up and the process's end, long enough to create and half-write the next
    /// temporary file (a SIGTERM test left 4-6 MB files behind one run in three). A writer
    /// checks this after creating its file and removes the file if it is set; with sequentially
    /// consistent ordering either the handler's loop sees the file or the writer sees the flag.
    private static let terminating = Atomic<Bool>(false)

    /// True once a termination handler has started cleaning up.
    public static var isTerminating: Bool { terminating.load(ordering: .sequentiallyConsistent) }

    /// Installs handlers for SIGTERM and SIGHUP that remove the registered files and then end
    /// the process as the signal's default action would (the exit status still says which
    /// signal). For the CLI; a library user keeps its own signal handling.
    public static func installTerminationCleanup() {
        _ = slots  // initialise the tables and the flag now, not inside a handler
        _ = directorySlots
        _ = childSlots
        _ = isTerminating
        for signalNumber in [SIGTERM, SIGHUP] {
            let previous = signal(signalNumber) { received in
                TemporaryFiles.removeAllForTermination()
                signal(received, SIG_DFL)
                raise(received)
            }
            // A signal the parent chose to ignore (`nohup`) stays ignored.
            if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { signal(signalNumber, SIG_IGN) }
        }
    }
}
