import WWInterpreter

/// The bindings of the domain modules to the language. The domain modules know nothing of wwn;
/// each file here turns one module's Swift API into built-ins. Programs that embed the
/// interpreter (the CLI, tests) call `Library.install()` once before creating interpreters.
public enum Library {
    nonisolated(unsafe) private static var isInstalled = false

    /// Adds every domain module's built-ins to `Registry.standard()`. Safe to call repeatedly.
    public static func install() {
        guard !isInstalled else { return }
        isInstalled = true
        Registry.extensions.append { registry in
            registry.defineModelFormats()
            registry.defineSpectral()
            registry.definePowerLawPackage()
            registry.defineData()
            registry.defineNeural()
            registry.defineEvaluation()
            registry.defineStatistics()
            registry.definePlots()
            registry.defineImageAugmentations()
            registry.defineAugmentTransforms()
            registry.defineTextAugmentation()
            registry.defineDiversity()
        }
    }
}
