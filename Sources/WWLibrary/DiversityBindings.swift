import WWInterpreter

extension Registry {
    /// Built-ins for diversity scores (Vendi, weighted Vendi, intdiv).
    func defineDiversity() {}
}
