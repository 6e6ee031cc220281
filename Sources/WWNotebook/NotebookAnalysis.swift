import WWInterpreter
import WWSyntax

/// What the static pass learns before any cell runs: the whole program (for its parameters)
/// and each code cell's program (for the statement positions `#=>` expectations attach to).
struct NotebookAnalysis {
    let program: Program
    /// The parsed and resolved program of each code cell, by cell index.
    let cellPrograms: [Int: Program]

    var parameterNames: [String] { program.parameters.map(\.name) }
}

/// A static error and the cell it points into (nil when it points nowhere in the notebook).
struct StaticFailure: Error {
    var diagnostic: Diagnostic
    var cellIndex: Int?
}

enum NotebookAnalyzer {
    /// Checks the notebook as a whole and then cell by cell in order, so every static error
    /// surfaces before a long run starts instead of after it.
    static func analyze(_ notebook: Notebook, interpreter: Interpreter) -> Result<NotebookAnalysis, StaticFailure> {
        let whole = notebook.sourceFile
        for cell in notebook.cells {
            if let line = cell.firstCodeLineInMarkdown {
                let text = whole.line(line) ?? ""
                let column = text.prefix(while: { $0 == " " || $0 == "\t" }).count + 1
                let diagnostic = Diagnostic(.syntax, "a Markdown cell holds only '#' comment lines, but this line is code",
                                            file: whole, at: SourceLocation(line: line, column: column, offset: 0),
                                            length: max(1, text.count - column + 1),
                                            notes: ["start a code cell with a '#%%' line before it, or comment it out with '# '"])
                return .failure(failure(diagnostic, in: notebook))
            }
        }
        let program: Program
        do {
            program = try interpreter.checkSyntax(whole)
        } catch let diagnostic as Diagnostic {
            return .failure(failure(diagnostic, in: notebook))
        } catch {
            return .failure(StaticFailure(diagnostic: Diagnostic(.syntax, "\(error)", file: whole, at: nil), cellIndex: nil))
        }
        let environment = CellEnvironment(interpreter: interpreter)
        var cellPrograms: [Int: Program] = [:]
        for cell in notebook.codeCells {
            let file = notebook.sourceFile(for: cell)
            do {
                let cellProgram = try Parser.parse(file)
                var resolver = Resolver(file: file, environment: environment, allowsRedeclaration: false)
                try resolver.resolve(cellProgram)
                environment.add(cellProgram)
                cellPrograms[cell.index] = cellProgram
            } catch var diagnostic as Diagnostic {
                if let note = laterCellNote(for: diagnostic, program: program, notebook: notebook, cell: cell) {
                    diagnostic.notes.append(note)
                }
                return .failure(failure(diagnostic, in: notebook))
            } catch {
                return .failure(StaticFailure(diagnostic: Diagnostic(.syntax, "\(error)", file: file, at: nil), cellIndex: cell.index))
            }
        }
        return .success(NotebookAnalysis(program: program, cellPrograms: cellPrograms))
    }

    private static func failure(_ diagnostic: Diagnostic, in notebook: Notebook) -> StaticFailure {
        var diagnostic = diagnostic
        let cell = diagnostic.location.flatMap { notebook.cell(containing: $0.line) }
        diagnostic.cell = cell?.label
        return StaticFailure(diagnostic: diagnostic, cellIndex: cell?.index)
    }

    /// A script may use a function declared further down; a notebook runs cell by cell, so a
    /// name from a later cell is unknown when its cell runs. Say so instead of leaving the user
    /// puzzled by "undefined name" for a name that is plainly in the file.
    private static func laterCellNote(for diagnostic: Diagnostic, program: Program, notebook: Notebook, cell: NotebookCell) -> String? {
        guard diagnostic.kind == .resolution, let location = diagnostic.location,
              let line = diagnostic.file?.line(location.line) else { return nil }
        let name = String(line.dropFirst(max(0, location.column - 1)).prefix(diagnostic.length))
        guard let declaration = program.scope?.declarations.first(where: { $0.name == name }),
              let owner = notebook.cell(containing: declaration.location.line), owner.index > cell.index else { return nil }
        return "'\(name)' is declared in a later cell, \(owner.label) at line \(declaration.location.line); cells run in order, so move it up"
    }
}
