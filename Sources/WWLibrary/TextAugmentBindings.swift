import WWInterpreter

extension Registry {
    /// Built-ins for EDA text augmentation and synthetic-data mixing.
    func defineTextAugmentation() {}
}
