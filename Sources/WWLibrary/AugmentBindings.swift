import WWInterpreter

extension Registry {
    /// Built-ins for image augmentations (policies, pixel and geometric ops) and materialising.
    func defineImageAugmentations() {}
}
