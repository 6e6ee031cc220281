import WWInterpreter

extension Registry {
    /// Built-ins for image transforms (elastic, erasing, jitter, crops, flips, noise, mixup, cutmix, compose).
    func defineAugmentTransforms() {}
}
