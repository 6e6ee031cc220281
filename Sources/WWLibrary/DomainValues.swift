import WWData
import WWInterpreter
import WWNeural

/// The domain results that bindings return as they are: a network or a data set becomes the
/// language's object for it, so a result record lists them like numbers (`"model": network`).
extension Network: ValueConvertible {
    public var wwnValue: Value { .object(NetworkObject(self)) }
}

extension Dataset: ValueConvertible {
    public var wwnValue: Value { .object(DatasetObject(self)) }
}
