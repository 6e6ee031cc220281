import WWData
import WWInterpreter

extension Registry {
    /// `augmentation(kind, strength)`: a corruption (WWData's `Corruption`) as an augmentation
    /// value like every other, so it trains on the fly, materialises and composes the same way.
    func defineAugmentations() {
        define("augmentation(kind = \"noise\", strength = 0.1) -> augmentation", category: "Data", doc: """
            A batch augmentation for `train(..., augment: ...)`: the corruption that \
            `data.corrupt(kind, strength)` applies once, applied instead to every training batch, \
            afresh each epoch and drawn from training's own seeded stream ("noise", "brightness", \
            "contrast" or "rotation", with `strength` as in corrupt). Fields `name`, `kind` and `strength`.
            """) { call in
            let kind = try call.choice("kind", of: Corruption.Kind.self)
            let strength = try call.number("strength")
            let corruption = try Corruption(kind, strength: strength)
            return .object(AugmentationValue(name: "\(kind.rawValue) \(formatNumber(strength))", transform: corruption,
                                             options: [("kind", .string(kind.rawValue)), ("strength", .number(strength))]))
        }
    }
}
