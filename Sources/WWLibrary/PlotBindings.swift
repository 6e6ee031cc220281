import WWInterpreter

extension Registry {
    /// Built-ins for plots.
    func definePlots() {
    }
}
