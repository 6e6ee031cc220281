import Foundation
import XCTest

/// Issue 22, crashes: each hostile input ends in a clear error and its exit code, never a
/// signal. Memory cases run under `ulimit -v` and lowered limits.
final class CrashHardeningTests: HardeningCase {
    func testMemoChainPickleIsRefusedNotFreedRecursively() throws {
        try write("deep.pt", bytes: Craft.zip([.init(name: "archive/data.pkl", data: Craft.memoChainPickle(levels: 50_000))]))
        try write("load.wwn", "load_model(\"deep.pt\")\n")
        assertFails(try sh("wwn analyze deep.pt"), status: 65, message: "after placing it inside another container")
        assertFails(try sh("wwn load.wwn"), status: 70, message: "deep.pt")
    }

    func testPickleCycleIsRefused() throws {
        // d = {}; d["a"] = d
        let pickle: [UInt8] = [0x80, 2, 0x7D, 0x72] + Craft.le32(0) + [0x8C, 1, 0x61, 0x6A] + Craft.le32(0) + [0x73, 0x2E]
        try write("cycle.pt", bytes: Craft.zip([.init(name: "archive/data.pkl", data: pickle)]))
        assertFails(try sh("wwn analyze cycle.pt"), status: 65, message: "containing themselves")
    }

    func testZipEntriesDeclaringHugeSizesAreRefusedBeforeAllocating() throws {
        let member = Craft.npy(rows: 2, columns: 2)
        for (name, size) in [("tib.npz", UInt64(1) << 40), ("max.npz", UInt64.max), ("four.npz", UInt64(0xFFFF_FFF0))] {
            try write(name, bytes: Craft.zip([.init(name: "w.npy", data: member, deflated: true, declaredSize: size)]))
            try write("load.wwn", "load_model(\"\(name)\")\n")
            assertFails(try sh("wwn analyze \(name)", memoryCap: true), status: 65, message: "w.npy")
            assertFails(try sh("wwn load.wwn", memoryCap: true), status: 70, message: "w.npy")
            try write("vendi.wwn", "vendi_file(\"\(name)\")\n")
            assertFails(try sh("wwn vendi.wwn", memoryCap: true), status: 70, message: "w.npy")
        }
    }

    func testInflationGrowsWithTheRealBytesNotTheDeclaredOnes() throws {
        // A declared size deflate could reach (1000 x the compressed bytes) but the stream does
        // not hold: the read fails on the short stream, having allocated only what came out.
        let member = Craft.npy(rows: 2, columns: 2)
        let compressed = Craft.storedDeflate(member).count
        let declared = UInt64(compressed * 1000)
        try write("short.npz", bytes: Craft.zip([.init(name: "w.npy", data: member, deflated: true, declaredSize: declared)]))
        assertFails(try sh("wwn analyze short.npz", memoryCap: true), status: 65, message: "w.npy")
    }

    func testGzippedIDXDeclaringHugeShapeIsRefusedBeforeInflating() throws {
        let images = [0, 0, 8, 3] + Craft.be32(2_000_000) + Craft.be32(28) + Craft.be32(28) + [UInt8](repeating: 0, count: 100)
        let labels = [0, 0, 8, 1] + Craft.be32(2_000_000) + [UInt8](repeating: 0, count: 100)
        try write("images.idx.gz", bytes: Craft.gzip(images))
        try write("labels.idx.gz", bytes: Craft.gzip(labels))
        try write("idx.wwn", "load_idx(\"images.idx.gz\", \"labels.idx.gz\")\n")
        assertFails(try sh("wwn idx.wwn", memoryCap: true), status: 70, message: "declare more than the limit")
        // Within the limit but far more than the file holds: a truncation error, memory bounded.
        let short = [0, 0, 8, 3] + Craft.be32(1_000_000) + Craft.be32(28) + Craft.be32(28) + [UInt8](repeating: 0, count: 100)
        try write("images.idx.gz", bytes: Craft.gzip(short))
        assertFails(try sh("wwn idx.wwn", memoryCap: true), status: 70, message: "truncated IDX data")
    }

    private static let lowered = ["WWN_MAX_STRING_BYTES": "1000000", "WWN_MAX_LIST_ELEMENTS": "1000000"]

    func testStringGrowingForeverIsAMemoryLimitError() throws {
        try write("grow.wwn", "var s = \"ab\"\nwhile true { s = s + s }\n")
        assertFails(try sh("wwn grow.wwn", environment: Self.lowered, memoryCap: true), status: 70, message: "memory limit")
        XCTAssertTrue(try sh("wwn grow.wwn", environment: Self.lowered).stderr.contains("grow.wwn:2:"))
        try write("join.wwn", "var s = \"ab\"\nwhile true { s = s ++ s }\n")
        assertFails(try sh("wwn join.wwn", environment: Self.lowered, memoryCap: true), status: 70, message: "memory limit")
    }

    func testListGrowingForeverIsAMemoryLimitError() throws {
        try write("push.wwn", "var xs = []\nwhile true { xs.push(1) }\n")
        assertFails(try sh("wwn push.wwn", environment: Self.lowered, memoryCap: true), status: 70, message: "memory limit")
        try write("concat.wwn", "var xs = [1]\nwhile true { xs = xs ++ xs }\n")
        assertFails(try sh("wwn concat.wwn", environment: Self.lowered, memoryCap: true), status: 70, message: "memory limit")
        try write("insert.wwn", "var xs = []\nwhile true { xs.insert(0, 1) }\n")
        assertFails(try sh("wwn insert.wwn", environment: ["WWN_MAX_LIST_ELEMENTS": "10000"], memoryCap: true), status: 70, message: "memory limit")
        try write("comprehension.wwn", "let xs = [i for i in 0..<1e12]\n")
        assertFails(try sh("wwn comprehension.wwn", environment: Self.lowered, memoryCap: true), status: 70, message: "memory limit")
    }

    func testStringRepeatUpToTheLimitWorksAndPastItSaysMemoryLimit() throws {
        try write("at.wwn", "print(len(\"a\" * 1000))\n")
        let at = try sh("wwn at.wwn", environment: ["WWN_MAX_STRING_BYTES": "1000"])
        XCTAssertEqual(at.status, 0, at.stderr)
        XCTAssertEqual(at.stdout, "1000\n")
        try write("past.wwn", "print(len(\"a\" * 1001))\n")
        assertFails(try sh("wwn past.wwn", environment: ["WWN_MAX_STRING_BYTES": "1000"]), status: 70, message: "memory limit")
        // The documented default: "a" * 1e8 is exactly RuntimeLimits.maxStringBytes.
        try write("doc.wwn", "print(len(\"a\" * 1e8))\n")
        let documented = try sh("wwn doc.wwn")
        XCTAssertEqual(documented.status, 0, documented.stderr)
        XCTAssertEqual(documented.stdout, "100000000\n")
    }

    func testFullStandardOutputIsExit74WithAMessage() throws {
        try write("hi.wwn", "print(\"hi\")\n")
        try write("nb.wwn", "#%%\nprint(1)\n")
        for command in ["wwn hi.wwn", "wwn docs", "wwn --version", "wwn analyze empty.npz", "echo 1+1 | wwn", "wwn run nb.wwn -o out"] {
            if command.contains("empty.npz") {
                try write("empty.npz", bytes: Craft.zip([.init(name: "w.npy", data: Craft.npy(rows: 2, columns: 2))]))
            }
            let outcome = try sh("\(command) > /dev/full")
            assertFails(outcome, status: 74, message: "no space left on device")
        }
    }

    func testClosedStandardStreamsAreExit74NotACrash() throws {
        try write("hi.wwn", "print(\"hi\")\n")
        try write("bad.wwn", "1 / 0\n")
        assertFails(try sh("wwn hi.wwn >&-"), status: 74, message: "standard output")
        let closedError = try sh("wwn bad.wwn 2>&-")
        XCTAssertEqual(closedError.status, 74)
        XCTAssertEqual(try sh("wwn hi.wwn 2>&-").status, 0, "a closed standard error that nothing is written to is no failure")
        XCTAssertEqual(try sh("echo x | wwn 2>&-").status, 74)
    }

    func testClosedStandardOutputNeverWritesIntoAFileTheProgramOpens() throws {
        try write("victim.txt", "precious\n")
        try write("open.wwn", "let t = read_text(\"victim.txt\")\nprint(\"overwritten\")\n")
        _ = try sh("wwn open.wwn >&-")
        XCTAssertEqual(try String(contentsOfFile: path("victim.txt"), encoding: .utf8), "precious\n")
    }

    func testClosedPipeEndsQuietly() throws {
        try write("many.wwn", "for i in range(200000) { print(i) }\n")
        let outcome = try sh("wwn many.wwn | head -1; exit ${PIPESTATUS:-0}")
        XCTAssertEqual(outcome.stdout, "0\n")
        XCTAssertEqual(outcome.stderr, "", "SIGPIPE ends wwn as it ends other Unix tools: quietly")
        let status = try sh("(wwn many.wwn; echo $? >&2) | head -1")
        XCTAssertEqual(status.stderr.trimmingCharacters(in: .whitespacesAndNewlines), "141")
        let ignored = try sh("trap '' PIPE; (wwn many.wwn; echo $? >&2) | head -1")
        XCTAssertEqual(ignored.stderr.trimmingCharacters(in: .whitespacesAndNewlines), "74", "with SIGPIPE ignored, EPIPE ends it quietly with 74")
    }

    func testASourceFileOverTheLimitIsRefusedBeforeItIsRead() throws {
        // 10 MB of `s = s + 1` lines took 800 MB resident (50 MB: 3.5 GB): sources have a named
        // limit, lowered here so the case stays small. Every reader follows it.
        let big = "var s = 0\n" + String(repeating: "s = s + 1\n", count: 300) + "print(s)\n"
        try write("big.wwn", big)
        try write("nb.wwn", "#%% Cell\n" + big)
        try write("main.wwn", "import \"big.wwn\" as b\nprint(1)\n")
        let lowered = ["WWN_MAX_SOURCE_BYTES": "2000"]
        let message = "is \(big.utf8.count) bytes, more than the 2000 a source file may have"
        assertFails(try sh("wwn big.wwn", environment: lowered), status: 65, message: message)
        assertFails(try sh("wwn lint big.wwn", environment: lowered), status: 65, message: message)
        assertFails(try sh("wwn check nb.wwn", environment: lowered), status: 65, message: "more than the 2000")
        assertFails(try sh("wwn main.wwn", environment: lowered), status: 65, message: message)
        assertFails(try sh("echo ':load big.wwn' | wwn", environment: lowered), status: 65, message: message)
        assertFails(try sh("wwn convert nb.wwn nb.ipynb", environment: lowered), status: 65, message: "more than the 2000")
        XCTAssertEqual(try sh("wwn big.wwn").stdout, "300\n", "under the default limit it runs")
        // lint, like every reader, refuses a FIFO instead of blocking on it.
        XCTAssertEqual(mkfifo(path("pipe.wwn"), 0o600), 0)
        assertFails(try sh("wwn lint pipe.wwn"), status: 66, message: "FIFO")
    }
}
