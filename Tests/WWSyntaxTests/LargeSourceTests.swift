// A 10 MB notebook-sized source of realistic statements must parse and resolve (no timing
// assertion here: `make bench` measures the speed, see Benchmarks/run-interpreter.sh).

import WWSyntax
import XCTest

final class LargeSourceTests: XCTestCase {
    /// Top-level statements in one `chunk`.
    static let statementsPerChunk = 11

    /// About 560 bytes of typical code: declarations, a function, loops, records, strings, a pipeline.
    static func chunk(_ i: Int) -> String {
        """
        # step \(i): données, ключ, 😀
        let data\(i) = [1, 2, 3, 4.5, 1e-3, 0xff, 1_000]
        var total\(i) = 0
        fn scale\(i)(x, factor = 2) {
          let y = x * factor + 1
          if y > 10 { return y ^ 2 } else { y - 1 }
        }
        for i in 0..<10 {
          total\(i) += scale\(i)(i) % 7
        }
        let rec\(i) = {name: "run \(i)", level: 0.1, tags: ["a", "b"], ok: true, nested: {k: nil}}
        let msg\(i) = "total \\(total\(i)) for \\(rec\(i).name), level \\(rec\(i).level * 100)%"
        while total\(i) > 100 { total\(i) -= 10 }
        let size\(i) = if total\(i) > 50 { "big" } else if total\(i) > 5 { "medium" } else { "small" }
        let ys\(i) = data\(i)
          |> map(fn(v) => v * 2)
          |> sum
        rec\(i).level = rec\(i).level + 0.1; data\(i)[0] = not (total\(i) in [1, 2]) and true

        """
    }

    func testTenMegabyteSourceParsesAndResolves() throws {
        var text = ""
        text.reserveCapacity(10_600_000)
        var chunks = 0
        while text.utf8.count < 10_000_000 {
            text += Self.chunk(chunks)
            chunks += 1
        }
        // Every chunk has the same number of lines, whatever its index.
        let lines = chunks * Self.chunk(0).utf8.filter { $0 == UInt8(ascii: "\n") }.count
        let program = try Syntax.parse(text)
        XCTAssertEqual(program.statements.count, chunks * Self.statementsPerChunk)
        XCTAssertEqual(program.statements.last.map { "\(type(of: $0))" }, "AssignStmt")
        // Positions stay right to the end: the last chunk's `let data` line.
        let lastData = program.statements[program.statements.count - Self.statementsPerChunk]
        XCTAssertEqual(lastData.location.line, lines - 16)
        XCTAssertEqual(lastData.location.column, 1)
        var resolver = Resolver(file: program.file, environment: TestNames(), allowsRedeclaration: false)
        try resolver.resolve(program)
        XCTAssertEqual(program.scope?.declarations.count, chunks * 7)
    }

    func testOneChunkShape() throws {
        let program = try Syntax.resolve(Self.chunk(7))
        XCTAssertEqual(program.statements.count, Self.statementsPerChunk)
        XCTAssertEqual(program.statements.map { "\(type(of: $0))" }, [
            "LetStmt", "LetStmt", "FunctionStmt", "ForStmt", "LetStmt", "LetStmt", "WhileStmt", "LetStmt", "LetStmt",
            "AssignStmt", "AssignStmt",
        ])
    }
}
