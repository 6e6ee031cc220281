import WWInterpreter

extension Registry {
    /// Built-ins for data sets.
    func defineData() {
    }
}
