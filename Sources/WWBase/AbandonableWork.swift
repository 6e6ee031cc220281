import Dispatch
import Foundation

/// Work that cannot poll, such as one long LAPACK call, made stoppable from the caller's side:
/// it runs on a worker thread while the caller waits and polls the cancellation. When that is
/// cancelled first, the caller throws the cancellation's error at once and the work is
/// *abandoned*: it finishes in the background and its result is dropped. Nothing it touches is
/// shared with the caller (it owns copies of its inputs), so abandoning it is safe; what it
/// costs is the CPU and memory it still uses until it ends.
///
/// The work runs on one serial queue, so abandoned calls do not pile up: a new call waits (still
/// polling, so Ctrl-C stops the wait too) until the previous one has finished.
extension Cancellation {
    /// `work`'s result, or the cancellation's error as soon as it is cancelled (checked before
    /// starting and every ``AbandonableWork/pollInterval`` while waiting). With ``never`` the
    /// work simply runs on the calling thread.
    public func runAbandoning<T>(_ work: @escaping () throws -> T) throws -> T {
        guard canCancel else { return try work() }
        try checkCancelled()
        let outcome = AbandonableWork.Outcome<T>()
        AbandonableWork.queue.async {
            outcome.set(Result { try work() })
        }
        while !outcome.wait(AbandonableWork.pollInterval) {
            try checkCancelled()
        }
        return try outcome.get().get()
    }
}

public enum AbandonableWork {
    /// How often a waiting caller polls its cancellation: a Ctrl-C is answered within this time,
    /// and waking 50 times a second costs nothing beside the work.
    public static let pollInterval: DispatchTimeInterval = .milliseconds(20)

    /// Serial, so at most one piece of abandonable work runs at a time, abandoned ones included.
    static let queue = DispatchQueue(label: "wwn.abandonable-work", qos: .userInitiated)

    /// The result of a piece of work, handed from the worker to the waiting caller.
    final class Outcome<T>: @unchecked Sendable {
        private let lock = NSLock()
        private let done = DispatchSemaphore(value: 0)
        private var result: Result<T, Error>?

        func set(_ value: Result<T, Error>) {
            lock.lock()
            result = value
            lock.unlock()
            done.signal()
        }

        /// True once the work has finished; waits at most `interval`.
        func wait(_ interval: DispatchTimeInterval) -> Bool {
            done.wait(timeout: .now() + interval) == .success
        }

        func get() -> Result<T, Error> {
            lock.lock()
            defer { lock.unlock() }
            return result!
        }
    }
}
