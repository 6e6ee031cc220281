import WWData
import WWInterpreter

/// A corruption used as a training augmentation: `train(model, data, augment: augmentation("noise", 0.1))`
/// applies it to every batch, afresh each epoch, with training's own augmentation stream.
public final class AugmentationObject: BatchTransformValue {
    public let corruption: Corruption
    public init(_ corruption: Corruption) { self.corruption = corruption }

    public var batchTransform: BatchTransform { corruption }
    public var typeName: String { "augmentation" }
    public var fieldNames: [String] { ["kind", "strength"] }

    public func field(_ name: String) -> Value? {
        switch name {
        case "kind": return .string(corruption.kind.rawValue)
        case "strength": return .number(corruption.strength)
        default: return nil
        }
    }

    public var summary: String { "<augmentation \(corruption.kind.rawValue) \(formatNumber(corruption.strength))>" }
}

extension Registry {
    func defineAugmentations() {
        define("augmentation(kind = \"noise\", strength = 0.1) -> augmentation", category: "Data", doc: """
            A batch augmentation for `train(..., augment: ...)`: the corruption that \
            `data.corrupt(kind, strength)` applies once, applied instead to every training batch, \
            afresh each epoch and drawn from training's own seeded stream ("noise", "brightness", \
            "contrast" or "rotation", with `strength` as in corrupt). Fields `kind` and `strength`.
            """) { call in
            let kind = Corruption.Kind(rawValue: try call.choice(0, Corruption.Kind.allCases.map(\.rawValue))) ?? .noise
            let strength = try call.number(1)
            return .object(AugmentationObject(try neural { try Corruption(kind, strength: strength) }))
        }
    }
}
