import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so readers see the old content or the new, never half of one, and a file
/// that appeared meanwhile is never replaced unless asked.
///
/// The data goes to a temporary file in the target's directory (same file system, so the
/// final `rename`/`link` is atomic), is flushed to disk, and is then moved into place. The
/// temporary file is removed on every failure path, including an error thrown by the caller's
/// writing closure (an interrupt), and is registered with ``TemporaryFiles`` while it exists so
/// a process ended by SIGTERM removes it too.
public struct AtomicFileWriter {
    public enum Mode: Sendable {
        /// Replace whatever file has the name (`rename`).
        case replace
        /// Fail with ``AtomicWriteError/alreadyExists`` if the name exists, checked atomically:
        /// the temporary file is hard-linked to the name, which fails if anything is there.
        case createNew
    }

    public let path: String
    public let mode: Mode
    /// The permission bits a new file gets exactly; nil gives `creationMode` less the umask. A
    /// file that is replaced keeps its own permission bits (a 0600 file stays 0600) and, where
    /// the process may set it, its owner.
    public let permissions: mode_t?
    /// The mode the file is created with when `permissions` is nil, less the umask: 0666 (a new
    /// file's usual mode) unless the writer's files have always been created otherwise (saved
    /// models are 0644 less the umask, so a umask of 002 still gives 0644).
    public let creationMode: mode_t

    public init(path: String, mode: Mode, permissions: mode_t? = nil, creationMode: mode_t = 0o666) {
        self.path = path
        self.mode = mode
        self.permissions = permissions
        self.creationMode = creationMode
    }

    /// Writes `data` and moves the file into place.
    public func write(_ data: Data) throws {
        try write { output in try output.write(data) }
    }

    /// Creates the temporary file, lets `body` write to it (one piece at a time, so a large
    /// file is never held in memory whole), and moves it into place. An error `body` throws is
    /// rethrown unchanged after the temporary file is removed.
    public func write(_ body: (AtomicFileOutput) throws -> Void) throws {
        var existing = stat()
        let replacing = mode == .replace && lstat(path, &existing) == 0
        // Only a regular file is ever replaced: renaming over a device (`/dev/full`), a FIFO or
        // a symbolic link would swap the node itself for a regular file.
        if replacing, existing.st_mode & S_IFMT != S_IFREG {
            throw AtomicWriteError.cannotMoveIntoPlace(reason: "it is not a regular file (\(Self.kind(of: existing.st_mode))), and only regular files are replaced")
        }
        let (descriptor, temporary, registration) = try createTemporaryFile()
        defer { TemporaryFiles.unregister(registration) }
        var closed = false
        do {
            try body(AtomicFileOutput(descriptor: descriptor))
            if replacing {
                if fchmod(descriptor, existing.st_mode & 0o7777) != 0 { throw AtomicWriteError.cannotWrite(reason: Self.systemError()) }
                // Keeping the owner needs privileges (or only changes the group); a failure
                // leaves the writer as owner, as any editor's save would.
                if existing.st_uid != getuid() || existing.st_gid != getgid() { _ = fchown(descriptor, existing.st_uid, existing.st_gid) }
            } else if let permissions, fchmod(descriptor, permissions) != 0 {
                throw AtomicWriteError.cannotWrite(reason: Self.systemError())
            }
            guard fsync(descriptor) == 0 else { throw AtomicWriteError.cannotFlush(reason: Self.systemError()) }
            closed = true
            guard close(descriptor) == 0 else { throw AtomicWriteError.cannotFlush(reason: Self.systemError()) }
            try publish(temporary)
        } catch {
            if !closed { close(descriptor) }
            unlink(temporary)
            throw error
        }
    }

    /// A fresh name beside the target, opened with `O_EXCL` so no file someone else put there
    /// is ever followed or reused. Hidden (leading dot) so directory listings skip it.
    /// Registered with ``TemporaryFiles`` before `open` (a SIGTERM test under load left a file
    /// behind when a signal fell between `open` and the registration).
    private func createTemporaryFile() throws -> (Int32, String, TemporaryFiles.Registration) {
        let directory = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        let prefix = (directory.isEmpty ? "" : directory + "/") + ".\(base).\(getpid())."
        for _ in 0..<FileWriteLimits.maxTemporaryNameAttempts {
            let temporary = prefix + "\(UInt32.random(in: 0...UInt32.max)).tmp"
            // Registered before it exists: a signal handler may run on any thread at any
            // moment, so a file created first could be left behind unregistered. Unlinking a
            // registered name that is not there yet is harmless; one that exists already
            // (EEXIST) would be another process's file, but the name holds our pid and 32
            // random bits.
            let registration = TemporaryFiles.register(temporary)
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, creationMode)
            if descriptor >= 0 {
                // The process is ending and its handler may already have passed this name.
                if TemporaryFiles.isTerminating {
                    unlink(temporary)
                    close(descriptor)
                    TemporaryFiles.unregister(registration)
                    throw AtomicWriteError.cannotCreateTemporaryFile(reason: "the process is ending")
                }
                return (descriptor, temporary, registration)
            }
            let failure = errno
            TemporaryFiles.unregister(registration)
            if failure != EEXIST { errno = failure; break }
        }
        throw AtomicWriteError.cannotCreateTemporaryFile(reason: Self.systemError())
    }

    /// Moves the finished file onto `path`. In `.createNew` mode a hard link is made and the
    /// temporary name removed; file systems without hard links fall back to check-then-rename
    /// (a small window, but no loss of data written before the check).
    private func publish(_ temporary: String) throws {
        if mode == .createNew {
            if link(temporary, path) == 0 {
                unlink(temporary)
                return
            }
            if errno == EEXIST { throw AtomicWriteError.alreadyExists }
            guard !FileManager.default.fileExists(atPath: path) else { throw AtomicWriteError.alreadyExists }
        }
        guard rename(temporary, path) == 0 else { throw AtomicWriteError.cannotMoveIntoPlace(reason: Self.systemError()) }
    }

    /// The system's reason in the words of a message ("no space left on device").
    static func systemError(_ code: Int32 = errno) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// What a file that is not regular is, for the refusal.
    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a FIFO"
        case S_IFLNK: return "a symbolic link"
        case S_IFDIR: return "a directory"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }

    /// The permission bits of an existing file, so a rewrite can keep them; nil if there is none.
    public static func permissions(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }
}

/// The temporary file an ``AtomicFileWriter`` is filling; valid only inside its `write` body.
public struct AtomicFileOutput {
    let descriptor: Int32

    /// Writes all of `bytes`, retrying short writes and `EINTR` (a Ctrl-C lands here too).
    /// - Throws: ``AtomicWriteError/cannotWrite(reason:)``.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = writeSome(descriptor, base + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw AtomicWriteError.cannotWrite(reason: AtomicFileWriter.systemError()) }
            done += n
        }
    }

    public func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }
}

/// `write(2)`; a free function because inside `AtomicFileOutput` the name is its own method.
private func writeSome(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
