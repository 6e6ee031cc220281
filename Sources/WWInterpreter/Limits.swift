import Foundation
import WWBase

/// Every limit of the runtime, with its reason.
public enum RuntimeLimits {
    /// Deepest chain of nested calls. Each interpreted call uses a handful of native frames; the
    /// interpreter runs on a thread with `interpreterStackSize` bytes of stack, which this depth
    /// cannot exhaust even in a debug build. Deeper recursion is almost always a missing base
    /// case, so the user gets a "stack overflow" error instead of a crash.
    public static let maxCallDepth = 10_000
    /// Stack of the thread the interpreter runs on: large enough for `maxCallDepth` calls in a
    /// debug build (about 20 KiB each at worst). Only touched pages are committed.
    public static let interpreterStackSize = 1 << 30
    /// How deep display, equality and copying descend into nested lists and records; a list that
    /// contains itself prints as `[...]` instead of recursing forever.
    public static let maxValueDepth = 64
    /// Most numbers of a range a built-in turns into a list (`list(r)`, `map(r, f)`, `max(r)`):
    /// 100 million values take about 2 GB; a longer range is almost always a typo in its end,
    /// and listing it would exhaust memory and kill the process. `for` walks any range lazily.
    public static let maxListedRange = 100_000_000
    /// Most numbers one call of a random built-in lists (`rand(n)`, `draw(dist, n)`): as many as
    /// `maxListedRange`, for the same reason (about 2 GB as a list).
    public static let maxDrawnNumbers = 100_000_000
    /// Elements of a matrix from which a LAPACK built-in runs where Ctrl-C can abandon it (on a
    /// worker thread, see `lapackCall`): a 500 × 500 decomposition already takes tens of
    /// milliseconds, while smaller ones end before anyone could press a key, and the thread hop
    /// (some microseconds) would slow loops over small matrices.
    public static let abandonableLinearAlgebraElements = 250_000
    /// Longest string a program may build (`+`, `++`, `text * n`; 100 MB): enough for any
    /// report, small enough that a mistaken repeat count or `s = s + s` in a loop is a "memory
    /// limit" error with its line instead of an abort when memory runs out. The environment
    /// variable `WWN_MAX_STRING_BYTES` sets another value (the tests lower it).
    public static let maxStringBytes = ConfiguredLimit.value("WWN_MAX_STRING_BYTES", default: 100_000_000)
    /// Most elements one list may hold (`push`, `insert`, `++`): 100 million values take about
    /// 2 GB, so a list growing forever is a "memory limit" error with its line instead of an
    /// abort. `WWN_MAX_LIST_ELEMENTS` sets another value.
    public static let maxListElements = ConfiguredLimit.value("WWN_MAX_LIST_ELEMENTS", default: 100_000_000)
    /// Elements shown when a long list is displayed; the rest are counted, not printed.
    public static let maxDisplayedElements = 100
}
