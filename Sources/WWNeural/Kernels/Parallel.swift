import CNeuralKernels
import WWNumerics

/// Work split over threads without changing any result: the work is cut into a fixed number of
/// parts whatever the thread count, each part computed the same way by whichever thread runs
/// it, and any reduction over parts done afterwards in part order. So the thread count changes
/// the speed, never the bits.
///
/// The thread count is BLAS's (`OPENBLAS_NUM_THREADS`, `BLASEnvironment.setThreadCount`): one
/// setting for "how many cores may wwn use". While the parts run, BLAS is set to one thread, so
/// the products inside them do not oversubscribe the cores; it is restored afterwards
/// (`BLASEnvironment.withSingleThread`).
enum Parallel {
    /// The fixed number of parts a batch is cut into: enough to keep 8 threads busy, few enough
    /// that each part still holds several samples of a batch of 64 or more.
    static let parts = 8

    /// Work below this many elements runs on the calling thread: waking threads costs more.
    static let minimumElements = 1 << 18

    /// Runs `body(part)` for every part in `0..<parts`, spread over the BLAS thread count.
    static func forEachPart(_ parts: Int = Parallel.parts, _ body: (Int) -> Void) {
        let threads = min(BLASEnvironment.threadCount, parts)
        guard threads > 1 else {
            for part in 0..<parts { body(part) }
            return
        }
        // Threads claim the next part as they become free, so a thread the scheduler delays
        // (other processes on a busy machine) holds up the others for one part at most. The
        // pool's workers stay alive between calls (see `wwn_pool_run`): a training step makes
        // several calls a few hundred microseconds apart, and waking a thread for each cost
        // more than the second core gained. While other processes keep the workers waiting for
        // cores, they rest and this thread runs every part, while that proves faster (see
        // core_contention.c).
        BLASEnvironment.withSingleThread {
            withoutActuallyEscaping(body) { body in
                var job = PartJob(body: body)
                let ran = withUnsafeMutablePointer(to: &job) { job in
                    wwn_pool_run(threads, parts, { context, part in
                        context!.assumingMemoryBound(to: PartJob.self).pointee.body(part)
                    }, job)
                }
                // The pool is busy only for a nested or concurrent call; its parts run here.
                if ran == 0 { for part in 0..<parts { body(part) } }
            }
        }
    }

    /// How many times the pool's workers have stood down, other threads keeping them waiting
    /// for cores (see `wwn_pool_run`): the calling thread then runs every part for a while.
    static var workerRests: Int { wwn_pool_rest_count() }

    /// The samples `0..<count` of part `part`, in order (contiguous and balanced).
    static func range(of part: Int, count: Int, parts: Int = Parallel.parts) -> Range<Int> {
        (part * count / parts)..<((part + 1) * count / parts)
    }

    /// Part `part` of `0..<count` cut at multiples of `alignment` (whole SIMD blocks and BLAS
    /// micro-tiles per part); trailing parts may be empty.
    static func alignedRange(of part: Int, count: Int, parts: Int = Parallel.parts, alignment: Int = 16) -> Range<Int> {
        let blocks = (count + alignment - 1) / alignment
        let lower = min(count, range(of: part, count: blocks, parts: parts).lowerBound * alignment)
        let upper = min(count, range(of: part, count: blocks, parts: parts).upperBound * alignment)
        return lower..<upper
    }

    /// Runs an element-wise `body(range)` over `count` elements, in parts when it is large.
    static func forEachRange(count: Int, _ body: (Range<Int>) -> Void) {
        guard count >= minimumElements else {
            body(0..<count)
            return
        }
        forEachPart { body(range(of: $0, count: count)) }
    }
}

/// The body of a `forEachPart` call, reached by the pool's C threads through a pointer.
private struct PartJob {
    let body: (Int) -> Void
}
