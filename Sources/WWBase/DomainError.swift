/// An error a domain module throws when the caller's input cannot be used: a file that cannot be
/// read, an option out of its domain, a fit with nothing to fit. Its message is written for the
/// user (it names the file, argument, layer or column at fault), so the language shows it as it
/// is: the interpreter catches `DomainError` once, at the built-in boundary, and adds only the
/// call site and the built-in's name. Any other error escaping a built-in is a bug and is
/// reported as an internal error naming the built-in.
public protocol DomainError: Error, CustomStringConvertible {
    /// The message shown when this error ends a built-in call. Defaults to `description`; a type
    /// whose description is also used inside reports (a failed fit's reason in a layer's
    /// `warning` column) can add the context a stand-alone message needs.
    var failureMessage: String { get }
    /// Lines shown under the message, each as a note (the columns a table does have). Defaults
    /// to none.
    var failureNotes: [String] { get }
}

extension DomainError {
    public var failureMessage: String { description }
    public var failureNotes: [String] { [] }
}
