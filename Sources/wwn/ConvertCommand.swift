import ArgumentParser
import Foundation
import WWBase
import WWNotebook

/// `wwn convert IN OUT [--force]`: .wwn to .ipynb or back, by the files' extensions.
struct ConvertCommand: ExecutableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a notebook between .wwn and Jupyter's .ipynb (cells, Markdown and parameters kept).",
        discussion: """
            .wwn to .ipynb: the first cell's 'param' lines become a cell tagged 'parameters' for papermill. \
            .ipynb to .wwn: outputs are dropped and papermill's injected-parameters cell sets the 'param' defaults.
            """)

    @ArgumentParser.Argument(help: "The notebook to read (.wwn or .ipynb).")
    var input: String

    @ArgumentParser.Argument(help: "The notebook to write (.ipynb or .wwn).")
    var output: String

    @Flag(help: "Replace an existing OUTPUT.")
    var force = false

    private enum Direction { case toJupyter, toWWN }

    private var direction: Direction? {
        switch ((input as NSString).pathExtension.lowercased(), (output as NSString).pathExtension.lowercased()) {
        case ("wwn", "ipynb"): return .toJupyter
        case ("ipynb", "wwn"): return .toWWN
        default: return nil
        }
    }

    func validate() throws {
        guard direction != nil else {
            throw ValidationError("convert goes from .wwn to .ipynb or from .ipynb to .wwn; got '\(input)' and '\(output)'")
        }
    }

    func execute() -> Int32 {
        let converted: Data
        do {
            switch direction {
            case .toJupyter?:
                // A .wwn is read as every source file is (kind, size limit, UTF-8).
                let notebook: Notebook
                do { notebook = try Notebook.load(path: input) } catch let error as NotebookError {
                    StandardStreams.error("wwn: \(error)\n")
                    return error.exitCode
                }
                converted = NotebookExport.jupyter(notebook).encoded()
            case .toWWN?, nil:
                let data: Data
                do { data = try readJupyterFile() } catch {
                    StandardStreams.error("wwn: \(error)\n")
                    return WWBase.ExitCode.noInput
                }
                converted = Data(try NotebookImport.wwn(JupyterDocument.parse(data, name: input), name: input).utf8)
            }
        } catch {
            StandardStreams.error("wwn: \(error)\n")
            return WWBase.ExitCode.dataError
        }
        return OutputFileWriting.write(converted, to: output, replacing: force)
    }

    /// The .ipynb's bytes: a regular file within ``NotebookLimits/maxJupyterFileBytes``,
    /// checked before it is read.
    private func readJupyterFile() throws -> Data {
        if let problem = RegularFile.problem(at: input) { throw ConversionError("cannot read '\(input)': it \(problem)") }
        let size = (try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
        guard size <= NotebookLimits.maxJupyterFileBytes else {
            throw ConversionError("cannot read '\(input)': it is \(size) bytes, more than the \(NotebookLimits.maxJupyterFileBytes) a notebook may have (NotebookLimits.maxJupyterFileBytes)")
        }
        guard let data = FileManager.default.contents(atPath: input) else { throw ConversionError("cannot read '\(input)'") }
        return data
    }
}
