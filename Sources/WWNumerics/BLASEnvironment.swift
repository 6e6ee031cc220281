import CBLAS
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What BLAS library is loaded, with which kernels and threads, and the start-up fix that gives
/// users the fast kernels without them having to know about it.
///
/// Debian's OpenBLAS 0.3.21 does not recognise recent Intel CPUs and falls back to generic
/// kernels, 2 to 5 times slower for GEMM and the eigensolvers. `OPENBLAS_CORETYPE` fixes that,
/// but OpenBLAS reads it only while the library loads, before `main` runs; so the CLI re-executes
/// itself once with the variable set (platform notes, "OpenBLAS must be told the CPU").
public enum BLASEnvironment {
    /// The variable OpenBLAS reads at load time to choose its kernels.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"
    /// Set to `"1"` before re-executing, so the new process never re-executes again: the loop
    /// guard if OpenBLAS ignores the variable or the recommendation is somehow rejected.
    public static let reexecMarkerVariable = "WWN_BLAS_REEXEC"
    /// Where Linux lists the CPU's feature flags (as enabled by the kernel, so also OS support).
    static let cpuInfoPath = "/proc/cpuinfo"
    /// The running executable on Linux; exec'ing it keeps working when argv[0] is a relative
    /// path or a name found through PATH.
    static let selfExecutablePath = "/proc/self/exe"
    /// Upper bound accepted by ``setThreadCount(_:)``: OpenBLAS clamps to its compile-time
    /// `NUM_THREADS` (64 in Debian's build), so anything above this is a caller's mistake.
    public static let maxThreadCount = 1024

    /// CPU flags that OpenBLAS's SkylakeX kernels execute: AVX-512 Foundation plus the VL, BW
    /// and DQ extensions (OpenBLAS's own detection requires AVX512VL). Requiring all of them,
    /// not just `avx512f`, keeps Xeon Phi (AVX512F without VL/BW/DQ) off kernels it would trap on.
    static let skylakeXFlags: Set<String> = ["avx512f", "avx512vl", "avx512bw", "avx512dq"]
    /// CPU flags the Haswell kernels execute: AVX2 and FMA3.
    static let haswellFlags: Set<String> = ["avx2", "fma"]

    // MARK: Core type recommendation

    /// The `OPENBLAS_CORETYPE` value for this machine's CPU: `"SkylakeX"` with AVX-512, `"Haswell"`
    /// with AVX2, otherwise `nil` (never an empty or unknown value, which OpenBLAS does not
    /// handle safely). Reads `/proc/cpuinfo`; `nil` where that file does not exist.
    public static func recommendedCoreType() -> String? {
        guard let cpuInfo = try? String(contentsOfFile: cpuInfoPath, encoding: .utf8) else { return nil }
        return recommendedCoreType(cpuInfo: cpuInfo)
    }

    /// The recommendation for the text of a `/proc/cpuinfo` (its first `flags` line; x86 only —
    /// other architectures have no such line and get `nil`).
    public static func recommendedCoreType(cpuInfo: String) -> String? {
        guard let flags = cpuFlags(cpuInfo: cpuInfo) else { return nil }
        if skylakeXFlags.isSubset(of: flags) { return "SkylakeX" }
        if haswellFlags.isSubset(of: flags) { return "Haswell" }
        return nil
    }

    /// The core type whose results are the same bits on every x86-64 CPU that can run it:
    /// `"Haswell"` wherever AVX2 and FMA are present, AVX-512 machines included; otherwise `nil`.
    ///
    /// The fastest kernels are not reproducible across CPU levels. OpenBLAS 0.3.21's SkylakeX
    /// `sgemm` sends small products (m·n·k <= 100³; when the column-major `A` is transposed, also
    /// m·n <= 1200 and k >= 32, as in a 16-column slice of a Linear layer's forward product on a
    /// batch of 64) to "small matrix" kernels that add each dot product in 16 partial sums and
    /// then a tree, where the Haswell kernels add along k in one fused multiply-add chain: trained
    /// weights then differ in their last bits, and printed numbers can differ in the last digit.
    /// The Haswell kernels' blocking is fixed (it does not depend on cache sizes), so they give
    /// the same bits on every CPU that runs them with the same thread count. `wwn check`, which
    /// compares outputs with recorded ones, uses this instead of ``recommendedCoreType()``.
    public static func reproducibleCoreType() -> String? {
        guard let cpuInfo = try? String(contentsOfFile: cpuInfoPath, encoding: .utf8) else { return nil }
        return reproducibleCoreType(cpuInfo: cpuInfo)
    }

    /// ``reproducibleCoreType()`` for the text of a `/proc/cpuinfo`.
    public static func reproducibleCoreType(cpuInfo: String) -> String? {
        guard let flags = cpuFlags(cpuInfo: cpuInfo), haswellFlags.isSubset(of: flags) else { return nil }
        return "Haswell"
    }

    /// The words of the first `flags` line of a `/proc/cpuinfo`, or `nil` without one.
    static func cpuFlags(cpuInfo: String) -> Set<String>? {
        for line in cpuInfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "flags" else { continue }
            return Set(parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init))
        }
        return nil
    }

    // MARK: Re-executing with the right core type

    /// How long idle OpenBLAS worker threads spin before sleeping, as log2 of cycles.
    public static let threadTimeoutVariable = "OPENBLAS_THREAD_TIMEOUT"
    /// The smallest value OpenBLAS accepts (its range is 4...30, default 28).
    static let shortThreadTimeout = "4"

    /// The core type to set before re-executing, or `nil` to carry on as is: `nil` when the
    /// marker says this process is already the re-executed one, when the user set a non-empty
    /// `OPENBLAS_CORETYPE` (their choice wins), or when there is no recommendation. An empty
    /// `OPENBLAS_CORETYPE` counts as unset, since OpenBLAS does not handle it safely.
    public static func coreTypeForReexec(environment: [String: String], recommendation: String?) -> String? {
        guard environment[reexecMarkerVariable] == nil else { return nil }
        if let current = environment[coreTypeVariable], !current.isEmpty { return nil }
        guard let recommendation, !recommendation.isEmpty else { return nil }
        return recommendation
    }

    /// If `OPENBLAS_CORETYPE` is unset and this CPU has a recommendation, sets it (and the marker
    /// variable) and replaces the process with a fresh copy of itself (`execv` of
    /// `/proc/self/exe`, same argv). Returns normally when nothing needs doing or when `execv`
    /// fails, leaving the environment as it found it; never returns after a successful exec.
    /// With `reproducible`, the recommendation is ``reproducibleCoreType()`` instead of the
    /// fastest core type.
    ///
    /// For the CLI's `main` only, as its very first action: before any output is buffered,
    /// any thread is started or any file is opened. The library never calls it.
    public static func reexecWithRecommendedCoreTypeIfNeeded(reproducible: Bool = false) {
        #if os(Linux)
        let environment = ProcessInfo.processInfo.environment
        let recommendation = reproducible ? reproducibleCoreType() : recommendedCoreType()
        guard let coreType = coreTypeForReexec(environment: environment, recommendation: recommendation) else { return }
        let previousCoreType = environment[coreTypeVariable]
        guard setenv(coreTypeVariable, coreType, 1) == 0 else { return }
        guard setenv(reexecMarkerVariable, "1", 1) == 0 else {
            restore(coreTypeVariable, to: previousCoreType)
            return
        }
        // Idle OpenBLAS workers spin in sched_yield for about 2^28 cycles before sleeping; on a
        // 2-core machine that steals a core from the interpreter for the first part of every
        // run. 2^4 makes them sleep at once (the wake-up costs microseconds against BLAS calls
        // of milliseconds). Measured: 38 -> 7.5 ms of system time on a short script.
        let setTimeout = environment[threadTimeoutVariable] == nil
        if setTimeout { setenv(threadTimeoutVariable, shortThreadTimeout, 1) }
        _ = execv(selfExecutablePath, CommandLine.unsafeArgv)
        if setTimeout { unsetenv(threadTimeoutVariable) }
        // Only reached if execv failed: run on with the default kernels.
        restore(coreTypeVariable, to: previousCoreType)
        unsetenv(reexecMarkerVariable)
        #endif
    }

    #if os(Linux)
    private static func restore(_ name: String, to value: String?) {
        if let value {
            setenv(name, value, 1)
        } else {
            unsetenv(name)
        }
    }
    #endif

    // MARK: Diagnostics and threads

    /// What `wwn --version` and diagnostics report about BLAS.
    public struct Info: Equatable, Sendable {
        /// `openblas_get_config()`, e.g. `"OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64"`.
        public var configuration: String
        /// The kernels in use, `openblas_get_corename()` (e.g. `"SkylakeX"`, `"Prescott"` for generic).
        public var coreName: String
        /// Threads BLAS calls use, `openblas_get_num_threads()`.
        public var threadCount: Int
        /// The `OPENBLAS_CORETYPE` this process started with, if any.
        public var coreTypeOverride: String?
        /// Whether this process is the result of the start-up re-exec.
        public var wasReexecuted: Bool
    }

    /// The current BLAS configuration.
    public static var info: Info {
        let environment = ProcessInfo.processInfo.environment
        return Info(
            configuration: openblas_get_config().map { String(cString: $0) } ?? "",
            coreName: openblas_get_corename().map { String(cString: $0) } ?? "",
            threadCount: Int(openblas_get_num_threads()),
            coreTypeOverride: environment[coreTypeVariable],
            wasReexecuted: environment[reexecMarkerVariable] != nil)
    }

    /// Sets the number of threads BLAS calls use (takes effect for the next call).
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` unless `1 <= count <= maxThreadCount`.
    public static func setThreadCount(_ count: Int) throws {
        guard count >= 1, count <= maxThreadCount else {
            throw NumericsError.invalidArgument(name: "thread count",
                                                reason: "\(count) is not in 1...\(maxThreadCount)")
        }
        openblas_set_num_threads(Int32(count))
    }

    /// Threads BLAS calls use now (`openblas_get_num_threads()`); unlike ``info`` it reads no
    /// environment, so work that asks before every split (training's parallel parts) can.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Runs `body` with BLAS on one thread and restores the count afterwards: for work split
    /// over threads of its own, whose BLAS calls would otherwise oversubscribe the cores.
    public static func withSingleThread<Result>(_ body: () throws -> Result) rethrows -> Result {
        let configured = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(configured) }
        return try body()
    }
}
