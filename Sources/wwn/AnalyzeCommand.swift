import CSignals
import Foundation
import WWBase
import WWInterpreter
import WWModelFormats
import WWNumerics
import WWSpectral
import WWLibrary
import WWTables

/// `wwn analyze PATH...`: WeightWatcher's details table for model files, with no script.
///
/// Every model gives its layers' rows under one `model` column, so many models make one table.
/// With `--csv`/`--json` the table goes to files that a rerun extends: models already in a file
/// are skipped (long studies over many checkpoints survive an interruption or a crash), and on
/// Ctrl-C the models and layers finished so far are written before exiting 130. A model whose
/// analysed layers are not all in the files (an interrupted one) is resumed: only its missing
/// layers are analysed and added.
struct AnalyzeCommand {
    let arguments: AnalyzeArguments

    /// What one model produced.
    private struct ModelResult {
        var path: String
        var rows: [[(String, Cell)]]
        var timings: AnalysisTimings
        var loadSeconds: Double
        /// False when Ctrl-C stopped it: `rows` holds the layers finished before.
        var isComplete = true
    }

    func execute() -> Int32 {
        var outputs: [AnalyzeOutput] = []
        do {
            if let csv = arguments.csvPath { outputs.append(try AnalyzeOutput(path: csv, format: .csv)) }
            if let json = arguments.jsonPath { outputs.append(try AnalyzeOutput(path: json, format: .json)) }
        } catch {
            return fail("\(error)", ExitCode.cannotCreate)
        }
        for path in arguments.paths where !FileManager.default.fileExists(atPath: path) {
            return fail("cannot read '\(path)': no such file or directory", ExitCode.noInput)
        }
        // A directory of checkpoints is one model per entry; a rerun then finds the new ones.
        var models: [String] = []
        var status = ExitCode.success
        for path in arguments.paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                models.append(path)
                continue
            }
            do {
                models += try ModelDirectoryContents.models(in: path).filter { !models.contains($0) }
            } catch {
                note("error: \(error)")
                status = ExitCode.dataError
            }
        }
        // A model is done when every output has all its layers; one they all hold only some
        // layers of (an interrupted run) is resumed with the layers they share left out.
        var done: [String: Set<String>] = [:]
        let pending = models.filter { path in
            if outputs.isEmpty || outputs.contains(where: { !$0.models.contains(path) }) { return true }
            let held = outputs.map { $0.tensors(ofModel: path) }
            let analysed = held.dropFirst().reduce(held.first ?? []) { $0.intersection($1) }
            guard let missing = missingLayers(of: path, given: analysed), !missing.isEmpty else { return false }
            done[path] = analysed
            return true
        }
        let skipped = models.filter { !pending.contains($0) }
        if !skipped.isEmpty {
            note("skipped \(skipped.count) model\(skipped.count == 1 ? "" : "s") already in \(outputs.map(\.path).joined(separator: " and ")): \(skipped.joined(separator: ", "))")
        }

        wwn_install_interrupt_handler()
        defer { wwn_restore_interrupt_handler() }
        var results: [ModelResult] = []
        var interrupted = false
        let tty = isatty(STDERR_FILENO) != 0
        for (position, path) in pending.enumerated() {
            if tty && pending.count > 1 { note("[\(position + 1)/\(pending.count)] \(path)") }
            do {
                let result = try analyze(path, skipping: done[path] ?? [])
                results.append(result)
                if !result.isComplete {
                    interrupted = true
                    break
                }
            } catch SpectralError.interrupted {
                interrupted = true
                break
            } catch let error as ModelFormatError {
                note("error: \(error)")
                status = max(status, ExitCode.dataError)
            } catch {
                note("error: \(path): \(error)")
                status = max(status, ExitCode.dataError)
            }
        }

        let rows = results.flatMap(\.rows)
        if outputs.isEmpty {
            if !rows.isEmpty || status == ExitCode.success { StandardStreams.output(textTable(rows) + "\n") }
        } else if !results.isEmpty {
            let columns = columnOrder(rows)
            for output in outputs {
                let fresh = output.newRows(rows)
                do { try output.write(appending: fresh, columnOrder: columns) } catch {
                    note("error: \(error)")
                    status = max(status, ExitCode.ioError)
                    continue
                }
                note("wrote \(output.path): \(fresh.count) new row\(fresh.count == 1 ? "" : "s") from \(results.count) model\(results.count == 1 ? "" : "s")")
            }
        }
        if arguments.showsTimings { reportTimings(results) }
        if interrupted {
            let finished = results.filter(\.isComplete)
            let partial = results.first { !$0.isComplete }.map { ", \($0.rows.count) layer row\($0.rows.count == 1 ? "" : "s") of \($0.path)" } ?? ""
            let left = pending.count - finished.count
            note("interrupted: \(finished.count) model\(finished.count == 1 ? "" : "s")\(partial) finished\(outputs.isEmpty ? "" : " and written"), \(left) not done\(outputs.isEmpty ? "" : "; rerun the same command to continue")")
            return ExitCode.interrupted
        }
        return status
    }

    /// Analyses one model, leaving out the layers of the tensors in `skipping` (done before).
    private func analyze(_ path: String, skipping: Set<String>) throws -> ModelResult {
        let start = Date()
        let model = try open(path)
        let loadSeconds = Date().timeIntervalSince(start)
        let bar = TerminalProgressBar.forStandardError()
        defer { bar?.finish() }
        var options = arguments.options
        options.selection.excludedNames.formUnion(skipping)
        let analysis = try ModelAnalysis.analyze(model, options: options, progress: bar,
                                                 cancellation: .interrupt, keepingFinishedLayers: true)
        let details = analysis.details
        let rows = details.rowIndices.map { [(AnalyzeOutput.modelColumn, Cell.string(path))] + details.row(at: $0) }
        return ModelResult(path: path, rows: rows, timings: analysis.timings, loadSeconds: loadSeconds,
                           isComplete: analysis.isComplete)
    }

    private func open(_ path: String) throws -> WeightCollection {
        let model = try ModelFile.open(path)
        guard let basePath = arguments.baseModelPath else { return model }
        return try BaseModelDelta(model: model, base: try ModelFile.open(basePath), options: arguments.options)
    }

    /// The tensors of the layers `path` would have analysed that are not in `analysed`; nil
    /// when the model cannot be opened now (its rows stay as they are).
    private func missingLayers(of path: String, given analysed: Set<String>) -> [String]? {
        var options = arguments.options
        guard var model = try? open(path) else { return nil }
        // The rows name the layers as the analysis arranges them (LoRA products, projections).
        if let arranged = try? ModelAnalysis.arrangedLayers(of: model, options: options) {
            model = arranged
            options.order = .file
        }
        guard let entries = try? LayerCatalog.entries(of: model, options: options) else { return nil }
        return entries.filter { $0.isAnalysed && !analysed.contains($0.tensorName) }.map(\.tensorName)
    }

    /// The union of the rows' columns in first-seen order, `model` first.
    private func columnOrder(_ rows: [[(String, Cell)]]) -> [String] {
        var seen = Set<String>(), order: [String] = []
        for row in rows {
            for (name, _) in row where seen.insert(name).inserted { order.append(name) }
        }
        return order
    }

    private func textTable(_ rows: [[(String, Cell)]]) -> String {
        let table = DataTable()
        let present = Set(columnOrder(rows))
        let shown = AnalyzeLimits.textColumns.filter { present.contains($0) }
        if rows.isEmpty { return "no layers analysed" }
        for row in rows {
            let cells = Dictionary(row, uniquingKeysWith: { $1 })
            table.addRow(shown.map { ($0, cells[$0] ?? .null) })
        }
        // At a terminal the table fits its width, keeping the model, the layer and the metrics
        // read first; piped or redirected, every text column is printed.
        table.displayPriority = [AnalyzeOutput.modelColumn] + DetailsTable.displayPriority
        return table.renderText(maxRows: Int.max, maxWidth: AnalyzeLimits.textPathWidth, maxLineWidth: TerminalWidth.current() ?? Int.max)
    }

    /// `--timings`: where wwn's own time went, summed over the models, and the peak memory.
    private func reportTimings(_ results: [ModelResult]) {
        var total = AnalysisTimings()
        var load = 0.0
        for result in results {
            total.reading += result.timings.reading
            total.conversion += result.timings.conversion
            total.eigensolver += result.timings.eigensolver
            total.fitting += result.timings.fitting
            total.randomization += result.timings.randomization
            total.wall += result.timings.wall
            load += result.loadSeconds
        }
        let own = total.total + load
        func line(_ name: String, _ seconds: Double) -> String {
            let share = own > 0 ? 100 * seconds / own : 0
            return "  " + name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: " %9.4f s %5.1f%%", seconds, share)
        }
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peakMB = Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
        #else
        getrusage(RUSAGE_SELF, &usage)
        let peakMB = Double(usage.ru_maxrss) / 1_048_576  // bytes on macOS
        #endif
        let text = [
            "timings (thread-seconds summed over layers; analyze wall \(String(format: "%.4f", total.wall)) s):",
            line("open (headers, listing)", load),
            line("reading (file -> float64)", total.reading),
            line("conversion (scaling, conv slices)", total.conversion),
            line("eigensolver (syrk + syevd)", total.eigensolver),
            line("fitting (metrics, power law, MP)", total.fitting),
            line("randomization", total.randomization),
            "  " + "total".padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: " %9.4f s", own),
            String(format: "peak RSS: %.1f MB", peakMB),
        ]
        note(text.joined(separator: "\n"))
    }

    private func note(_ message: String) {
        StandardStreams.error("\(message)\n")
    }

    private func fail(_ message: String, _ code: Int32) -> Int32 {
        // Messages quote file contents (tensor names, pickle globals): no control characters.
        note("wwn analyze: \(TerminalText.safe(message, keepingLineBreaks: true))")
        return code
    }
}

