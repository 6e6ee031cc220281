import WWSyntax

/// An error raised inside a built-in, before it knows where in the program it was called; the
/// call site adds the location, the built-in's name and its signature.
public struct BuiltinError: Error, CustomStringConvertible {
    public var message: String
    public var notes: [String]
    public init(_ message: String, notes: [String] = []) {
        self.message = message
        self.notes = notes
    }
    public var description: String { message }
}
