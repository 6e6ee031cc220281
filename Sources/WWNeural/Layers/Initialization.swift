import Foundation
import WWNumerics

/// How a network's weights are drawn before training. The schemes are PyTorch's (`torch.nn.init`)
/// with the same fans and gains, so a wwn network starts from the same distribution as the
/// PyTorch model a study describes. LayerNorm layers always start at weight 1, bias 0.
public enum Initialization: Equatable, Sendable {
    /// What `nn.Linear` and `nn.Conv2d` do on construction: weights uniform in ±1/sqrt(fan_in)
    /// (`kaiming_uniform_` with `a = sqrt(5)`), biases uniform in ±1/sqrt(fan_in).
    case pytorch
    /// `kaiming_normal_` (fan_in mode, ReLU gain sqrt(2)): normal with sd sqrt(2 / fan_in).
    case kaimingNormal
    /// `kaiming_uniform_` (fan_in mode, ReLU gain sqrt(2)): uniform in ±sqrt(6 / fan_in).
    case kaimingUniform
    /// `xavier_normal_` (gain 1): normal with sd sqrt(2 / (fan_in + fan_out)).
    case xavierNormal
    /// `xavier_uniform_` (gain 1): uniform in ±sqrt(6 / (fan_in + fan_out)).
    case xavierUniform
    /// Normal with the given standard deviation, for studies of the initial scale.
    case normal(standardDeviation: Double)

    /// The names the language and errors use.
    public static let names = ["pytorch", "kaiming_normal", "kaiming_uniform", "xavier_normal", "xavier_uniform", "normal"]

    /// The scheme called `name`; `sigma` is the standard deviation `normal` needs.
    /// - Throws: ``NeuralError/invalidArgument(argument:reason:)`` for an unknown name or a bad sigma.
    public static func named(_ name: String, sigma: Double? = nil) throws -> Initialization {
        switch name {
        case "pytorch", "default": return .pytorch
        case "kaiming_normal", "kaiming": return .kaimingNormal
        case "kaiming_uniform": return .kaimingUniform
        case "xavier_normal", "glorot_normal": return .xavierNormal
        case "xavier_uniform", "glorot_uniform", "xavier", "glorot": return .xavierUniform
        case "normal":
            guard let sigma else {
                throw NeuralError.invalidArgument(argument: "sigma", reason: "is needed by init \"normal\" (its standard deviation)")
            }
            guard sigma.isFinite, sigma >= 0 else {
                throw NeuralError.invalidArgument(argument: "sigma", reason: "must be finite and >= 0, got \(sigma)")
            }
            return .normal(standardDeviation: sigma)
        default:
            throw NeuralError.invalidArgument(argument: "init",
                                              reason: "must be one of \(names.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(name)\"")
        }
    }

    /// Whether biases are drawn (PyTorch's default) rather than set to zero. The explicit schemes
    /// zero them, as studies that choose an initialisation usually do (`nn.init.zeros_(bias)`).
    var drawsBiases: Bool { self == .pytorch }

    /// Fills a weight of the given fans, then multiplies it by `scale`.
    func fill(_ values: inout [Float], fanIn: Int, fanOut: Int, scale: Double, random: inout SeededRandom) {
        let fanIn = Double(max(fanIn, 1)), fanOut = Double(max(fanOut, 1))
        switch self {
        case .pytorch:
            fillUniform(&values, bound: 1 / fanIn.squareRoot(), scale: scale, random: &random)
        case .kaimingUniform:
            fillUniform(&values, bound: (6 / fanIn).squareRoot(), scale: scale, random: &random)
        case .xavierUniform:
            fillUniform(&values, bound: (6 / (fanIn + fanOut)).squareRoot(), scale: scale, random: &random)
        case .kaimingNormal:
            fillNormal(&values, standardDeviation: (2 / fanIn).squareRoot(), scale: scale, random: &random)
        case .xavierNormal:
            fillNormal(&values, standardDeviation: (2 / (fanIn + fanOut)).squareRoot(), scale: scale, random: &random)
        case .normal(let sigma):
            fillNormal(&values, standardDeviation: sigma, scale: scale, random: &random)
        }
    }

    /// Fills a bias of a layer with the given fan-in.
    func fillBias(_ values: inout [Float], fanIn: Int, random: inout SeededRandom) {
        guard drawsBiases else {
            values = [Float](repeating: 0, count: values.count)
            return
        }
        fillUniform(&values, bound: 1 / Double(max(fanIn, 1)).squareRoot(), scale: 1, random: &random)
    }

    private func fillUniform(_ values: inout [Float], bound: Double, scale: Double, random: inout SeededRandom) {
        for i in values.indices { values[i] = Float(scale * bound * (2 * random.nextDouble() - 1)) }
    }

    private func fillNormal(_ values: inout [Float], standardDeviation: Double, scale: Double, random: inout SeededRandom) {
        for i in values.indices { values[i] = Float(scale * standardDeviation * random.nextNormal()) }
    }
}
