// Ctrl-C during train: training stops after a batch, and the program that called it stops too.

import CSignals
import Foundation
import WWInterpreter
import WWLibrary
import XCTest

final class TrainInterruptTests: XCTestCase {
    override func setUp() {
        wwn_install_interrupt_handler()
    }

    override func tearDown() {
        wwn_clear_interrupt()
        wwn_restore_interrupt_handler()
    }

    func testCtrlCDuringTrainingStopsTheScriptThatCalledIt() {
        // The augmentation prints "press" on the first batch, and the output raises SIGINT then,
        // as Ctrl-C would.
        let text = runWithLargeStack { () -> String in
            let out = InterruptingOutput(trigger: "press")
            do {
                try Interpreter(registry: Library.registry, output: out).run("""
                    fn press(batch) { print("press"); batch }
                    let r = train(mlp([64, 8, 10], seed: 1), digits().subset(64, seed: 1), epochs: 50, batch_size: 16, augment: press, seed: 1)
                    print("interrupted", r.interrupted, len(r.history))
                    for i in 0..<3 { print("went on with a half-trained network", i) }
                    """, name: "t.wwn")
                return out.text + "finished\n"
            } catch {
                return out.text + "error: \(error)\n"
            }
        }
        XCTAssertTrue(text.hasPrefix("train: interrupted after 0 complete epochs"), text)
        XCTAssertTrue(text.contains("interrupted true 0\n"), text)
        XCTAssertFalse(text.contains("half-trained"), text)
        XCTAssertTrue(text.contains("error: interrupted"), text)
    }
}

/// Records the output and sends SIGINT to the process when a line holds `trigger`.
private final class InterruptingOutput: OutputSink {
    let trigger: String
    private(set) var text = ""
    init(trigger: String) { self.trigger = trigger }
    func write(_ piece: String) {
        if piece.contains(trigger) { raise(SIGINT) } else { text += piece }
    }
    func display(_ value: Value) {}
}
