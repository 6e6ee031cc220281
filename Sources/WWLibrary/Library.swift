import WWInterpreter

/// The bindings of the domain modules to the language. The domain modules know nothing of wwn;
/// each file here turns one module's Swift API into built-ins. Programs that embed the
/// interpreter with the domain modules (the CLI, the library's tests) hand `Library.registry`
/// to `Interpreter(registry:)`.
public enum Library {
    /// Adds every domain module's built-ins to `registry` (made by `Registry.core()`).
    public static func register(into registry: Registry) {
        registry.defineModelFormats()
        registry.defineSpectral()
        registry.definePowerLawPackage()
        registry.defineData()
        registry.defineNeural()
        registry.defineEncoders()
        registry.defineEvaluation()
        registry.defineStatistics()
        registry.definePlots()
        registry.defineImageAugmentations()
        registry.defineAugmentTransforms()
        registry.defineTextAugmentation()
        registry.defineDiversity()
    }

    /// The language's built-ins and every domain module's, built once and sealed: one instance
    /// serves every interpreter of the process.
    public static let registry: Registry = {
        let registry = Registry.core()
        register(into: registry)
        return registry.sealed()
    }()
}
