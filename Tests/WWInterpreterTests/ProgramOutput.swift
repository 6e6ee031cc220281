import WWInterpreter

/// What a program prints with the core built-ins, followed by `error: ...` if it fails: the
/// one runner of the file built-in tests (each had its own copy).
func programOutput(_ source: String, name: String) -> String {
    runWithLargeStack {
        let out = CapturedOutput()
        do {
            try Interpreter(registry: .sharedCore, output: out).run(source, name: name)
            return out.text
        } catch {
            return out.text + "error: \(error)\n"
        }
    }
}
