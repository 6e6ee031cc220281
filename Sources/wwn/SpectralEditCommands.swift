import ArgumentParser
import CSignals
import Foundation
import WWBase
import WWInterpreter
import WWModelFormats
import WWNumerics
import WWSpectral

/// What `wwn smooth` and `wwn sharpen` share: the model read, the checkpoint written, the layers.
struct SpectralEditArguments: ParsableArguments {
    @ArgumentParser.Argument(help: "The model to read (any format wwn loads).")
    var input: String

    @ArgumentParser.Argument(help: "The safetensors file to write: a new checkpoint, never the input.")
    var output: String

    @Option(help: "WeightWatcher's layers: ids, names, -name exclusions or a type, comma-separated.")
    var layers: String?

    @Flag(help: "Replace an existing OUTPUT (the input is never replaced).")
    var force = false

    func validate() throws {
        if let layers { _ = try AnalyzeArguments.layerSelection(layers) }
    }

    var options: AnalysisOptions {
        var options = AnalysisOptions()
        if let layers, let selection = try? AnalyzeArguments.layerSelection(layers) { options.selection = selection }
        return options
    }

    /// Opens the input, plans the edit, writes the checkpoint and prints the table of edits.
    func run(_ edit: (ModelFile, AnalysisOptions, (any ProgressReporter)?) throws -> EditedWeights) -> Int32 {
        guard FileManager.default.fileExists(atPath: input) else { return fail("cannot read '\(input)': no such file or directory", ExitCode.noInput) }
        wwn_install_interrupt_handler()
        defer { wwn_restore_interrupt_handler() }
        let edited: EditedWeights
        let model: ModelFile
        do {
            model = try ModelFile.open(input)
            let bar = TerminalProgressBar.forStandardError()
            defer { bar?.finish() }
            edited = try edit(model, options, bar)
        } catch SpectralError.interrupted {
            return fail("interrupted: nothing written", ExitCode.interrupted)
        } catch {
            return fail("\(error)", ExitCode.dataError)
        }
        do {
            _ = try SafetensorsWriter.save(edited, to: output, overwrite: force, metadata: model.metadata, inputs: [model.path],
                                           cancellation: .interrupt)
        } catch {
            if Cancellation.interrupt.isCancelled { return fail("interrupted: nothing written", ExitCode.interrupted) }
            return fail("\(error)", ExitCode.cannotCreate)
        }
        StandardStreams.output(edited.table.renderText() + "\n")
        StandardStreams.error("wrote \(output)\n")
        return ExitCode.success
    }

    private func fail(_ message: String, _ code: Int32) -> Int32 {
        StandardStreams.error("wwn: \(message)\n")
        return code
    }
}

/// `wwn smooth MODEL OUT`: WeightWatcher's SVDSmoothing, as the `svd_smoothing` built-in.
struct SmoothCommand: ExecutableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smooth",
        abstract: "WeightWatcher's SVDSmoothing: keep each layer's largest components, written as a new safetensors checkpoint.",
        discussion: "The count per layer: detX_num (detX), num_spikes (rmt), num_pl_spikes (alpha_min), num_spikes if alpha > 6 else detX_num (auto), or int(percent * M * rf) (svd; a negative percent removes the largest). Prints one row per selected layer. See docs/spectral.md.")

    @OptionGroup var edit: SpectralEditArguments

    @Option(help: "detX, rmt, alpha_min, auto or svd.")
    var method = SmoothingMethod.detX.rawValue

    @Option(help: "For --method svd: the fraction of each layer's M*rf components to keep, -1 to 1.")
    var percent = SVDSmoothing.defaultPercent

    func validate() throws {
        guard SmoothingMethod(rawValue: method) != nil else {
            throw ValidationError("'--method' must be one of \(SmoothingMethod.allCases.map(\.rawValue).joined(separator: ", ")), got '\(method)'")
        }
        guard SVDSmoothing.percentRange.contains(percent) else {
            throw ValidationError("'--percent' must be between -1 and 1, got \(percent)")
        }
    }

    func execute() -> Int32 {
        let method = SmoothingMethod(rawValue: method) ?? .detX
        return edit.run { model, options, progress in
            try SVDSmoothing.smoothed(model, method: method, percent: percent, options: options, progress: progress, cancellation: .interrupt)
        }
    }
}

/// `wwn sharpen MODEL OUT`: WeightWatcher's SVDSharpness, as the `svd_sharpness` built-in.
struct SharpenCommand: ExecutableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sharpen",
        abstract: "WeightWatcher's SVDSharpness: remove the spikes that survive shuffling each layer, written as a new safetensors checkpoint.",
        discussion: "The shuffles are NumPy's: --seed n gives what np.random.seed(n) before WeightWatcher's SVDSharpness gives. Prints one row per selected layer. See docs/spectral.md.")

    @OptionGroup var edit: SpectralEditArguments

    @Option(help: "NumPy's global seed (0 to 4294967295).")
    var seed: UInt32 = 0

    func execute() -> Int32 {
        edit.run { model, options, progress in
            try SVDSharpness.sharpened(model, seed: seed, options: options, progress: progress, cancellation: .interrupt)
        }
    }
}
