import WWInterpreter

extension Registry {
    /// Built-ins for networks and training.
    func defineNeural() {
    }
}
