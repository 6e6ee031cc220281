import WWInterpreter
import WWNumerics
import WWPowerLaw
import WWSpectral

/// A fitted `PowerLawPackageFit` kept inside the record `fit_powerlaw_package` returns (field
/// `fit`), so `distribution_compare` can reach the per-point log-likelihoods without the record
/// having to carry the whole tail.
final class PowerLawPackageFitObject: NativeObject {
    let fit: PowerLawPackageFit
    init(_ fit: PowerLawPackageFit) { self.fit = fit }

    var typeName: String { "powerlaw_fit" }
    var fieldNames: [String] { ["alpha", "xmin", "n_tail", "tail"] }

    func field(_ name: String) -> Value? {
        switch name {
        case "alpha": return .number(fit.alpha)
        case "xmin": return .number(fit.xmin)
        case "n_tail": return .number(Double(fit.nTail))
        case "tail": return .list(ListObject(fit.tail.map { .number($0) }))
        default: return nil
        }
    }

    var summary: String {
        "<powerlaw_fit alpha \(formatNumber(fit.alpha)), xmin \(formatNumber(fit.xmin)), \(fit.nTail) tail values>"
    }
}

extension Registry {
    /// Built-ins for the powerlaw-package-compatible fit and `distribution_compare`.
    func definePowerLawPackage() {
        let categoryName = "Spectral analysis"
        category(categoryName, doc: "Eigenvalue spectra of weight matrices: WeightWatcher's metrics, power-law fits and comparisons of tail distributions.")
        define("""
            fit_powerlaw_package(values, xmin = nil, discrete = false, candidates = "all_but_two_largest", \
            alpha_rule = "exact", distance = "D", sigma_threshold = nil, optimizer = "powerlaw", keep_scan = false) -> record
            """, category: categoryName,
               doc: """
                Fits a power law to the tail of positive values the way the Python powerlaw package's Fit does (Clauset's method: \
                xmin is the distinct value whose tail has the smallest KS distance, alpha the maximum-likelihood exponent), and fits \
                the exponential, lognormal and truncated power law to the same tail. The record holds alpha, xmin, D, V, Asquare, \
                sigma, n_tail, Lambda and tpl_alpha (the truncated power law's, as WeightWatcher's fit='TPL' reports them), \
                valid_xmin, a record per distribution with its parameters and log-likelihood, the options, and fit (for \
                distribution_compare). candidates is "all_but_two_largest" (powerlaw 2.0) or "all_but_largest" (powerlaw 1.x). \
                alpha_rule "exact" keeps alpha >= 3, which powerlaw 2.0 silently rejects; "powerlaw2" reproduces that restriction. \
                distance chooses xmin by "D", "V" or "Asquare". optimizer "powerlaw" reproduces the package's Nelder-Mead estimates \
                of the alternatives, "refined" continues to the exact optimum. keep_scan adds scan, a record of columns (xmin, alpha, sigma, distance, valid) over every candidate. \
                Values <= 0 are dropped; only continuous fits are supported.
                """) { call in
            let values = try Self.powerLawValues(call, "values")
            if case .bool(true) = try call.value("discrete") {
                throw BuiltinError("argument 'discrete' must be false: only continuous power-law fits are supported")
            }
            _ = try call.bool("discrete")
            var options = PowerLawPackageOptions()
            options.xmin = try call.optionalNumber("xmin")
            options.candidates = PowerLawPackageOptions.XminCandidates(
                rawValue: try call.choice("candidates", ["all_but_two_largest", "all_but_largest"])) ?? .allButTwoLargest
            options.alphaRule = PowerLawPackageOptions.AlphaRule(rawValue: try call.choice("alpha_rule", ["exact", "powerlaw2"])) ?? .exact
            options.distance = PowerLawPackageOptions.Distance(rawValue: try call.choice("distance", ["D", "V", "Asquare"])) ?? .ks
            options.sigmaThreshold = try call.optionalNumber("sigma_threshold")
            options.optimizer = PowerLawPackageOptions.Optimizer(rawValue: try call.choice("optimizer", ["powerlaw", "refined"])) ?? .powerlawCompatible
            options.keepScan = try call.bool("keep_scan")
            let fit: PowerLawPackageFit
            do {
                fit = try PowerLawPackageFit(data: values, options: options, cancellation: .interrupt)
            } catch let error as PowerLawPackageError {
                throw BuiltinError("\(error)")
            }
            return .record(Self.powerLawRecord(fit))
        }

        define("distribution_compare(fit, first = \"power_law\", second = \"lognormal\", nested = nil, normalized_ratio = false) -> record",
               category: categoryName,
               doc: """
                The log-likelihood ratio test between two distributions fitted by fit_powerlaw_package (powerlaw's \
                distribution_compare). Names: "power_law", "exponential", "lognormal", "truncated_power_law". Returns {R, p, nested}: \
                R > 0 favours the first distribution, and p is the significance of its sign. Nested pairs (power law inside the \
                truncated power law, chosen automatically unless nested is given) use p = 1 - chi2_1.cdf(|2R|); others use \
                p = erfc(|R| / sqrt(2 n s^2)) with s^2 the variance of the per-point differences. normalized_ratio divides R by \
                sqrt(n s^2).
                """) { call in
            let fit = try Self.powerLawFit(call, "fit")
            let names = TailDistribution.allCases.map(\.rawValue)
            guard let first = TailDistribution(name: try call.choice("first", names)),
                  let second = TailDistribution(name: try call.choice("second", names)) else {
                throw BuiltinError("argument 'first' and 'second' must name distributions")
            }
            var nested: Bool?
            if case .nil = try call.value("nested") { nested = nil } else { nested = try call.bool("nested") }
            let result = fit.compare(first, to: second, nested: nested, normalizedRatio: try call.bool("normalized_ratio"))
            return .record(["R": result.R, "p": result.p, "nested": result.nested])
        }
    }

    /// Numbers from a list, range or 1-D tensor.
    private static func powerLawValues(_ call: BuiltinCall, _ name: String) throws -> [Double] {
        if case .object(let object) = try call.value(name), let tensor = object as? TensorObject {
            guard tensor.tensor.shape.count == 1 else {
                throw BuiltinError("argument 'values' must be a list or a 1-D tensor, got a tensor of shape \(tensor.tensor.shape)")
            }
            return tensor.tensor.doubleValues
        }
        return try call.numbers(name)
    }

    /// The fit behind a record from fit_powerlaw_package (or the fit object itself).
    private static func powerLawFit(_ call: BuiltinCall, _ name: String) throws -> PowerLawPackageFit {
        var value = try call.value(name)
        if case .record(let record) = value, let inner = record.get("fit") { value = inner }
        if case .object(let object) = value, let fitObject = object as? PowerLawPackageFitObject { return fitObject.fit }
        throw call.fail(name, expected: "a record returned by fit_powerlaw_package")
    }

    static func powerLawRecord(_ fit: PowerLawPackageFit) -> RecordObject {
        func distribution(_ fitted: FittedTailDistribution) -> Value {
            var pairs: [(String, Value)] = zip(fitted.kind.parameterNames, fitted.values).map { ($0, .number($1)) }
            pairs.append(("loglikelihood", .number(fitted.loglikelihood)))
            pairs.append(("D", .number(fitted.distance.ks)))
            pairs.append(("noisy", .bool(fitted.isNoisy)))
            return .record(RecordObject(pairs))
        }
        let options = fit.options
        var pairs: [(String, Value)] = [
            ("alpha", .number(fit.alpha)), ("xmin", .number(fit.xmin)), ("xmax", .number(fit.tail.last ?? .nan)),
            ("D", .number(fit.D)), ("V", .number(fit.V)), ("Asquare", .number(fit.Asquare)),
            ("sigma", .number(fit.sigma)), ("n_tail", .number(Double(fit.nTail))),
            ("Lambda", .number(fit.truncatedPowerLaw.values[1])), ("tpl_alpha", .number(fit.truncatedPowerLaw.values[0])),
            ("valid_xmin", .bool(fit.foundValidXmin)),
            ("distributions", .record(RecordObject(TailDistribution.allCases.map { ($0.rawValue, distribution(fit[$0])) }))),
            ("options", .record([
                "candidates": options.candidates.rawValue, "alpha_rule": options.alphaRule.rawValue,
                "distance": options.distance.rawValue, "optimizer": options.optimizer.rawValue,
            ])),
        ]
        if let scan = fit.scan {
            pairs.append(("scan", .record([
                "xmin": scan.xmins, "alpha": scan.alphas, "sigma": scan.sigmas, "distance": scan.distances, "valid": scan.valid,
            ])))
        }
        pairs.append(("fit", .object(PowerLawPackageFitObject(fit))))
        return RecordObject(pairs)
    }
}
