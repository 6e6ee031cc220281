import WWBase

/// Why an augmentation could not run; messages name the argument or sample at fault.
public enum AugmentError: DomainError, CustomStringConvertible, Equatable {
    /// An image (or a data set's samples) that is not a C x H x W image of bytes or of [0, 1].
    case invalidImage(String)
    /// An option outside its range, named with the range.
    case invalidArgument(argument: String, reason: String)
    /// A data set that cannot be augmented once and kept (``MaterialisedAugmentation``): empty,
    /// larger than memory allows, or augmented into samples of changing shape.
    case cannotMaterialise(String)

    public var description: String {
        switch self {
        case .invalidImage(let message), .cannotMaterialise(let message): return message
        case .invalidArgument(let argument, let reason): return "argument '\(argument)' \(reason)"
        }
    }
}
