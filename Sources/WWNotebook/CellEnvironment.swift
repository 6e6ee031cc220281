import WWInterpreter
import WWSyntax

/// The names a cell may use when the notebook is checked before running: the built-ins, and
/// the globals that earlier cells declare. This is what the interpreter's globals will hold
/// when the cell runs, so a cell that passes here resolves the same way at run time.
final class CellEnvironment: NameEnvironment {
    private let interpreter: Interpreter
    private var declarations: [String: Declaration] = [:]
    private var builtinDeclarations: [String: Declaration] = [:]

    init(interpreter: Interpreter) {
        self.interpreter = interpreter
    }

    /// Makes a cell's top-level declarations visible to the cells after it.
    func add(_ program: Program) {
        for declaration in program.scope?.declarations ?? [] {
            declarations[declaration.name] = declaration
        }
    }

    func declaration(named name: String) -> Declaration? {
        if let declaration = declarations[name] { return declaration }
        if let builtin = builtinDeclarations[name] { return builtin }
        // Before anything runs, the interpreter knows only its built-ins (and standard library).
        guard interpreter.globalValue(named: name) != nil else { return nil }
        let declaration = Declaration(name: name, kind: .builtin, location: .unknown, isGlobal: true)
        builtinDeclarations[name] = declaration
        return declaration
    }

    var visibleNames: [String] { Array(declarations.keys) + interpreter.visibleNames }
}
