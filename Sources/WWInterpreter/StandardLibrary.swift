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

extension StandardLibrary {
    /// The built-ins a stdlib file needs beyond the core's, from the `#! needs: a, b, ...` lines
    /// of its leading comment block: the file is loaded exactly when the interpreter's registry
    /// has every one of them. Only the header is read, byte by byte: splitting the whole stdlib
    /// into Characters cost 13 million instructions at every start-up (callgrind), 13% of an
    /// empty script's run.
    public static func neededBuiltins(in text: String) -> [String] {
        let marker = Array("#! needs:".utf8)
        var names: [String] = []
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            guard line.first == UInt8(ascii: "#") else { break }
            guard line.starts(with: marker) else { continue }
            let list = line.dropFirst(marker.count)
            for name in list.split(whereSeparator: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: " ") }) {
                names.append(String(decoding: name, as: UTF8.self))
            }
        }
        return names
    }
}

extension Interpreter {
    /// Runs the embedded stdlib and makes its public names built-ins. The stdlib is part of the
    /// product: an error in it is a bug caught by the tests, not a user error.
    ///
    /// Study steps (stdlib/study.wwn) call the domain modules' built-ins (`train`, `analyze`,
    /// ...), which a registry has only when WWLibrary added them. Such a file names them in
    /// `#! needs:` lines, and an interpreter whose registry lacks any of them (the core's, the
    /// REPL's and the notebook's own tests) leaves the file out; every other file must load.
    func loadStandardLibrary() {
        let prelude = Globals(builtins: builtins)
        for (name, text) in StandardLibrary.sources
        where StandardLibrary.neededBuiltins(in: text).allSatisfy(registry.has) {
            do {
                _ = try executeModule(SourceFile(name: "stdlib/\(name)", text: text), in: prelude)
            } catch {
                preconditionFailure("the standard library failed to load: \(error)")
            }
        }
        for name in prelude.exportedNames {
            if let value = prelude.value(named: name) { builtins.define(name, value) }
        }
    }
}
