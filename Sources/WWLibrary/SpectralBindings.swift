import WWInterpreter

extension Registry {
    /// Built-ins for spectral analysis.
    func defineSpectral() {
    }
}
