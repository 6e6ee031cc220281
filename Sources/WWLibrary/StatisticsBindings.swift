import WWInterpreter

extension Registry {
    /// Built-ins for statistics.
    func defineStatistics() {
    }
}
