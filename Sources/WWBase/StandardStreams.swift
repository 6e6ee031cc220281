import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and standard error, written so that a full disk (`> /dev/full`), a closed
/// descriptor (`>&-`, `2>&-`) or a closed pipe never crashes wwn: `FileHandle.write` traps on
/// such an error, and `print` loses it silently (the command then exits 0 having written
/// nothing). Every command writes through here.
///
/// A failed write ends the process with exit code 74 (`EX_IOERR`) after removing the
/// temporary files of writes in progress, with a message on standard error when that is still
/// writable. A closed pipe (`wwn ... | head`) ends the process by SIGPIPE, quietly, as Unix
/// tools do; when SIGPIPE is ignored (inherited from the parent), EPIPE ends it the same quiet
/// way with 74.
public enum StandardStreams {
    public enum Stream: Sendable {
        case output, error

        var descriptor: Int32 { self == .output ? STDOUT_FILENO : STDERR_FILENO }
        var name: String { self == .output ? "standard output" : "standard error" }
    }

    /// Replaces the action on a failed write (tests, and a library user who wants to keep
    /// going); the default ends the process as described above.
    nonisolated(unsafe) public static var onFailure: (Stream, Int32) -> Void = { stream, code in endAfterFailure(stream, code) }

    /// Writes all of `text`, retrying short writes and interruptions.
    public static func write(_ text: String, to stream: Stream) {
        var text = text
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(stream.descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    onFailure(stream, errno)
                    return
                }
                offset += written
            }
        }
    }

    /// `text` on standard output.
    public static func output(_ text: String) { write(text, to: .output) }
    /// `text` on standard error.
    public static func error(_ text: String) { write(text, to: .error) }

    /// Opens a closed standard descriptor on /dev/null (read-only for output and error), so a
    /// write there fails with an error instead of landing in whatever file the program opens
    /// next, which would get the lowest free descriptor: 1 or 2. Call first thing in `main`.
    public static func reopenClosedDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0, opened != descriptor {
                _ = dup2(opened, descriptor)
                close(opened)
            }
        }
    }

    /// The reason a write failed, in words ("no space left on device").
    public static func reason(_ code: Int32) -> String {
        code == EBADF ? "the stream is closed" : String(cString: strerror(code)).lowercased()
    }

    private static func endAfterFailure(_ stream: Stream, _ code: Int32) {
        TemporaryFiles.removeAllForTermination()
        if stream == .output, code != EPIPE {
            let message = "wwn: cannot write to \(stream.name): \(reason(code))\n"
            _ = message.withCString { Foundation.write(STDERR_FILENO, $0, strlen($0)) }
        }
        exit(ExitCode.ioError)
    }
}
