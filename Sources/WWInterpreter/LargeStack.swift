import Foundation

/// Holds a result produced on another thread; the semaphore orders the write before the read.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// Runs `body` on a thread with `RuntimeLimits.interpreterStackSize` bytes of stack and waits
/// for it. The interpreter recurses natively for nested calls; the main thread's 8 MiB would
/// crash long before `maxCallDepth`, so the CLI, REPL and tests run programs through this.
public func runWithLargeStack<T>(_ body: @escaping () -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.value = body()
        done.signal()
    }
    thread.stackSize = RuntimeLimits.interpreterStackSize
    thread.name = "wwn-interpreter"
    thread.start()
    done.wait()
    guard let result = box.value else { preconditionFailure("interpreter thread ended without a result") }
    return result
}
