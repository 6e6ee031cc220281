import Foundation
import WWSyntax

/// A function of the standard library, for help and the generated reference.
public struct LibraryFunction {
    public let name: String
    public let signature: String
    public let doc: String
    public let file: String
}

/// The standard library: wwn code under stdlib/, embedded in the binary (tools/embed-stdlib.sh)
/// and run into the built-in scope of every interpreter at start-up.
public enum StandardLibrary {
    /// The embedded (file name, source) pairs, for the freshness test.
    public static var embeddedSources: [(String, String)] { sources }

    /// Documented functions, read from `##` comment blocks above each top-level `fn`.
    public static let functions: [LibraryFunction] = sources.flatMap { documentedFunctions(in: $0.1, file: $0.0) }

    static func documentedFunctions(in text: String, file: String) -> [LibraryFunction] {
        var result: [LibraryFunction] = []
        var doc: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("##") {
                doc.append(line.dropFirst(2).trimmingCharacters(in: .whitespaces))
            } else if line.hasPrefix("fn "), let close = line.firstIndex(of: ")") {
                let signature = String(line[line.index(line.startIndex, offsetBy: 3)...close])
                let name = String(signature.prefix { $0 != "(" })
                result.append(LibraryFunction(name: name, signature: signature, doc: doc.joined(separator: " "), file: file))
                doc = []
            } else {
                doc = []
            }
        }
        return result
    }
}

extension Interpreter {
    /// Runs the embedded stdlib and makes its public names built-ins. The stdlib is part of the
    /// product: an error in it is a bug caught by StandardLibraryTests, not a user error.
    ///
    /// Study steps (stdlib/study.wwn) call the domain modules' built-ins (`train`, `analyze`,
    /// ...), which exist only once `Library.install()` has added them. An interpreter embedded
    /// without any domain module (the core's, the REPL's and the notebook's own tests) leaves out
    /// the files that do not resolve there, instead of failing; with the modules installed, any
    /// error in any file is still the bug it is.
    func loadStandardLibrary() {
        let prelude = Globals(builtins: builtins)
        for (name, text) in StandardLibrary.sources {
            do {
                _ = try executeModule(SourceFile(name: "stdlib/\(name)", text: text), in: prelude)
            } catch let diagnostic as Diagnostic where diagnostic.kind == .resolution && Registry.extensions.isEmpty {
                continue
            } catch {
                preconditionFailure("the standard library failed to load: \(error)")
            }
        }
        for name in prelude.exportedNames {
            if let value = prelude.value(named: name) { builtins.define(name, value) }
        }
    }
}
