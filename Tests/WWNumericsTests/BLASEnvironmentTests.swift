import XCTest
@testable import WWNumerics

final class BLASEnvironmentTests: XCTestCase {
    private func cpuInfo(flags: String) -> String {
        "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: \(flags)\nbugs\t\t: spectre_v1\n"
    }

    func testSkylakeXNeedsTheAVX512Set() {
        XCTAssertEqual(BLASEnvironment.recommendedCoreType(
            cpuInfo: cpuInfo(flags: "fpu sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl")), "SkylakeX")
        // Xeon Phi style: AVX512F without VL/BW/DQ must not get SkylakeX kernels.
        XCTAssertEqual(BLASEnvironment.recommendedCoreType(
            cpuInfo: cpuInfo(flags: "fpu avx avx2 fma avx512f avx512cd")), "Haswell")
    }

    func testHaswellNeedsAVX2AndFMA() {
        XCTAssertEqual(BLASEnvironment.recommendedCoreType(cpuInfo: cpuInfo(flags: "fpu sse2 avx avx2 fma")), "Haswell")
        XCTAssertNil(BLASEnvironment.recommendedCoreType(cpuInfo: cpuInfo(flags: "fpu sse2 avx avx2")))
    }

    func testNoRecommendationForOlderOrOtherCPUs() {
        XCTAssertNil(BLASEnvironment.recommendedCoreType(cpuInfo: cpuInfo(flags: "fpu sse2 sse4_2 avx")))
        XCTAssertNil(BLASEnvironment.recommendedCoreType(cpuInfo: "processor\t: 0\nFeatures\t: fp asimd sve\n"))
        XCTAssertNil(BLASEnvironment.recommendedCoreType(cpuInfo: ""))
        // Flag names must match whole words.
        XCTAssertNil(BLASEnvironment.recommendedCoreType(cpuInfo: cpuInfo(flags: "avx2x fmax")))
    }

    func testReproducibleCoreTypeIsHaswellWhereverItRuns() {
        // AVX-512 machines too: their SkylakeX kernels add small products in another order.
        XCTAssertEqual(BLASEnvironment.reproducibleCoreType(
            cpuInfo: cpuInfo(flags: "fpu sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl")), "Haswell")
        XCTAssertEqual(BLASEnvironment.reproducibleCoreType(cpuInfo: cpuInfo(flags: "fpu sse2 avx avx2 fma")), "Haswell")
        XCTAssertNil(BLASEnvironment.reproducibleCoreType(cpuInfo: cpuInfo(flags: "fpu sse2 avx avx2")))
        XCTAssertNil(BLASEnvironment.reproducibleCoreType(cpuInfo: "processor\t: 0\nFeatures\t: fp asimd sve\n"))
        XCTAssertNil(BLASEnvironment.reproducibleCoreType(cpuInfo: ""))
    }

    func testThisMachineRecommendationIsKnownOrNil() {
        if let recommendation = BLASEnvironment.recommendedCoreType() {
            XCTAssertTrue(["SkylakeX", "Haswell"].contains(recommendation), recommendation)
        }
    }

    func testReexecDecision() {
        let decide = BLASEnvironment.coreTypeForReexec
        XCTAssertEqual(decide([:], "SkylakeX"), "SkylakeX")
        XCTAssertEqual(decide(["OPENBLAS_CORETYPE": ""], "Haswell"), "Haswell", "empty counts as unset")
        XCTAssertNil(decide(["OPENBLAS_CORETYPE": "Haswell"], "SkylakeX"), "the user's choice wins")
        XCTAssertNil(decide(["WWN_BLAS_REEXEC": "1"], "SkylakeX"), "never re-exec twice")
        XCTAssertNil(decide([:], nil))
        XCTAssertNil(decide([:], ""))
    }

    func testInfoIsNotEmpty() {
        let info = BLASEnvironment.info
        XCTAssertFalse(info.configuration.isEmpty)
        XCTAssertTrue(info.configuration.contains("OpenBLAS"), info.configuration)
        XCTAssertFalse(info.coreName.isEmpty)
        XCTAssertGreaterThanOrEqual(info.threadCount, 1)
    }

    func testSetThreadCount() throws {
        let original = BLASEnvironment.info.threadCount
        defer { try? BLASEnvironment.setThreadCount(original) }
        try BLASEnvironment.setThreadCount(1)
        XCTAssertEqual(BLASEnvironment.info.threadCount, 1)
        XCTAssertThrowsError(try BLASEnvironment.setThreadCount(0))
        XCTAssertThrowsError(try BLASEnvironment.setThreadCount(BLASEnvironment.maxThreadCount + 1))
    }
}
