import WWPowerLaw

/// Which power-law fit `analyze` and `fit_powerlaw` run: the extension point for alternative
/// fitters.
///
/// wwn ships WeightWatcher's `WWFit` (``WWFit``), the default, and the `powerlaw` package's fit
/// (``powerlawPackage``, in PowerLawPackageMethod.swift). A fitter is a name plus a function
/// from sorted values (all above the fit threshold) to a ``PowerLawFit``; another one adds
/// itself by defining a static member in its own file and listing it in ``available``.
/// Everything downstream (finger fixes, `xmax`, tables) works on whatever fitter is chosen.
public struct PowerLawMethod: Sendable {
    /// The name users pass as `method:` (case-sensitive).
    public let name: String
    /// Fits sorted values, optionally restricting xmin to a range (the `xmin_peak` fix).
    public let fit: @Sendable (_ sorted: [Double], _ candidateRange: ClosedRange<Double>?) throws -> PowerLawFit

    public init(name: String, fit: @escaping @Sendable (_ sorted: [Double], _ candidateRange: ClosedRange<Double>?) throws -> PowerLawFit) {
        self.name = name
        self.fit = fit
    }

    /// WeightWatcher 0.7.7's `WWFit`.
    public static let weightWatcher = PowerLawMethod(name: "WWFit") { values, range in
        try WWFit.fit(sorted: values, candidateRange: range)
    }

    /// Every method `method:` accepts. Alternative fitters add their member here.
    public static var available: [PowerLawMethod] { [.weightWatcher, .powerlawPackage] }

    /// The method of that name, or nil.
    public static func named(_ name: String) -> PowerLawMethod? {
        available.first { $0.name.lowercased() == name.lowercased() }
    }
}
