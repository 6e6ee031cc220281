import WWInterpreter

extension Registry {
    /// Built-ins for model files.
    func defineModelFormats() {
    }
}
