import Foundation
import WWBase
import WWNumerics

/// The analysis of every layer of a weight collection: WeightWatcher's `analyze`.
public struct ModelAnalysis: Sendable {
    /// What the weights came from.
    public var source: String
    /// Every tensor, analysed or not, in collection order.
    public var entries: [LayerEntry]
    /// One row per analysed layer (per kernel position when not pooling), in collection order.
    public var reports: [LayerReport]
    public var options: AnalysisOptions

    /// Where the time went (see ``AnalysisTimings``).
    public var timings = AnalysisTimings()
    /// False when the analysis was interrupted and `reports` holds only the layers finished
    /// before it (see `keepingFinishedLayers`).
    public var isComplete = true

    /// Analyses the layers `options` selects.
    ///
    /// Layers run in parallel (one worker per core by default). Tensors are read one at a
    /// time under a lock (a collection need not be thread-safe, and a memory-mapped file is
    /// then read in order). While several workers run, OpenBLAS is limited to one thread each,
    /// since its own threads would oversubscribe the cores. (OpenBLAS sums in a different order
    /// with a different thread count, so a layer analysed alone and among others may differ in
    /// the last bits, about 1e-15 relative; the same call on the same machine gives the same
    /// bits.) Measured on 2 shared cores, 12 layers of 768 x 768: 3.2-3.7 s one at a time,
    /// 2.4-3.2 s two at a time (debug build).
    ///
    /// Memory: a layer's working set (its float64 values and its Gram matrix,
    /// ``LayerWorkingSet``) is estimated before it starts, and layers run side by side
    /// only while their sum stays within ``SpectralLimits/concurrentWorkingSetBytes``; a larger
    /// layer waits for the others to finish and runs alone, with every BLAS thread. Peak memory
    /// is then about the largest layer's working set, however many workers there are.
    /// - Parameters:
    ///   - progress: told of each finished layer (layers done, in total, its tensor name), from
    ///     the worker threads.
    ///   - cancellation: polled between layers; once cancelled the analysis stops with
    ///     ``SpectralError/interrupted``.
    ///   - keepingFinishedLayers: once cancelled, return the layers finished so far (layers
    ///     already running finish first) with `isComplete` false instead of throwing, so an
    ///     hour of a large model's analysis is not lost to Ctrl-C.
    /// - Throws: ``SpectralError/interrupted``, or the collection's error when a tensor cannot
    ///   be read.
    public static func analyze(_ collection: WeightCollection, options: AnalysisOptions = AnalysisOptions(),
                               progress: (any ProgressReporter)? = nil,
                               cancellation: Cancellation = .never,
                               keepingFinishedLayers: Bool = false) throws -> ModelAnalysis {
        let started = monotonicSeconds()
        if let arranged = try arrangedLayers(of: collection, options: options) {
            return try analyze(arranged: arranged, options: options, progress: progress, cancellation: cancellation,
                               keepingFinishedLayers: keepingFinishedLayers)
        }
        if options.intra, !(collection is IntraLayerProducts) {
            return try analyzeIntra(collection, options: options, progress: progress, cancellation: cancellation)
        }
        let entries = try LayerCatalog.entries(of: collection, options: options)
        let work = entries.filter { $0.isAnalysed }
        let workers = max(1, min(options.parallelism ?? ProcessInfo.processInfo.activeProcessorCount, work.count))
        let state = AnalysisState(count: work.count)
        let reader = LockedReader(collection)
        let body: (Int) -> Void = { index in
            guard !state.isStopped else { return }
            if cancellation.isCancelled { state.stop(nil); return }
            let entry = work[index]
            var timings = AnalysisTimings()
            do {
                var tensor: Tensor? = try timed(&timings.reading) { try reader.float64Tensor(named: entry.tensorName) }
                let reports = LayerAnalysis.reports(for: entry, taking: &tensor, options: options, timings: &timings)
                state.store(reports, at: index, timings: timings)
                let done = state.finishOne()
                progress?.progress(done: done, total: work.count, label: entry.tensorName)
            } catch {
                state.stop(error)
            }
        }
        if workers > 1 {
            let fullThreads = BLASEnvironment.info.threadCount
            try? BLASEnvironment.setThreadCount(1)
            defer { try? BLASEnvironment.setThreadCount(fullThreads) }
            let queue = WorkQueue(sizes: work.map { LayerWorkingSet(entry: $0).bytes },
                                  budget: SpectralLimits.concurrentWorkingSetBytes)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let (index, alone) = queue.next() {
                    // A layer that runs alone may use every BLAS thread: nothing else calls BLAS.
                    if alone { try? BLASEnvironment.setThreadCount(fullThreads) }
                    body(index)
                    if alone { try? BLASEnvironment.setThreadCount(1) }
                    queue.finish(index)
                }
            }
        } else {
            for index in work.indices { body(index) }
        }
        var complete = true
        if let stop = state.stopReason {
            guard keepingFinishedLayers, case SpectralError.interrupted = stop else { throw stop }
            complete = false
        }
        var analysis = ModelAnalysis(source: collection.source, entries: entries, reports: state.results.flatMap { $0 }, options: options)
        analysis.isComplete = complete
        analysis.timings = state.timings
        analysis.timings.wall = monotonicSeconds() - started
        return analysis
    }

    /// A collection that lists its layers in `options.order` already (renamed or replaced
    /// layers, such as LoRA products, would sort differently), analysed in that listing.
    /// The collection whose tensors are the layers `options` asks for, when that is not
    /// `collection` itself: LoRA products (`peft`), split or per-head attention projections
    /// (`split_qkv`, `heads`); nil otherwise. Its tensor names are those of the analysis's rows.
    public static func arrangedLayers(of collection: WeightCollection, options: AnalysisOptions) throws -> WeightCollection? {
        if options.peft != .off, !(collection is LoRAAdapters) {
            return try LoRAAdapters(model: collection, mode: options.peft, order: options.order)
        }
        if options.splitQKV || options.heads != nil, !(collection is AttentionProjections) {
            return try AttentionProjections(model: collection, splitFused: options.splitQKV, heads: options.heads, order: options.order)
        }
        return nil
    }

    private static func analyze(arranged collection: WeightCollection, options: AnalysisOptions,
                                progress: (any ProgressReporter)?, cancellation: Cancellation,
                                keepingFinishedLayers: Bool) throws -> ModelAnalysis {
        var listed = options
        listed.order = .file
        var analysis = try analyze(collection, options: listed, progress: progress, cancellation: cancellation,
                                   keepingFinishedLayers: keepingFinishedLayers)
        analysis.options = options
        return analysis
    }

    /// `intra`: the products of neighbouring layers, each row carrying its second layer's ids
    /// (the products are numbered in their own order first, then given those ids).
    private static func analyzeIntra(_ collection: WeightCollection, options: AnalysisOptions,
                                     progress: (any ProgressReporter)?, cancellation: Cancellation) throws -> ModelAnalysis {
        if options.peft != .off || options.fft || options.randomize || options.vectors {
            let other = options.peft != .off ? "peft" : options.fft ? "fft" : options.randomize ? "randomize" : "vectors"
            throw SpectralError.invalidOption(name: "intra", reason: "cannot be combined with \(other) (neither can WeightWatcher's)")
        }
        let products = try IntraLayerProducts(model: collection, options: options, sparsify: options.sparsify)
        return try analyze(products: products, options: options, progress: progress, cancellation: cancellation)
    }

    /// Analyses already formed intra-layer products (see ``AnalysisOptions/intra``); every
    /// product is analysed, whatever its size, as WeightWatcher analyses it.
    public static func analyze(products: IntraLayerProducts, options: AnalysisOptions,
                               progress: (any ProgressReporter)? = nil, cancellation: Cancellation = .never) throws -> ModelAnalysis {
        var inner = options
        inner.order = .file
        inner.selection = LayerSelection()
        inner.minEigenvalues = 0
        inner.maxEigenvalues = 0
        inner.maxN = .max
        var analysis = try analyze(products as WeightCollection, options: inner, progress: progress, cancellation: cancellation)
        for i in analysis.entries.indices { analysis.entries[i].id = products.layerID(ofProduct: analysis.entries[i].tensorName) }
        for i in analysis.reports.indices { analysis.reports[i].entry.id = products.layerID(ofProduct: analysis.reports[i].entry.tensorName) }
        analysis.options = options
        return analysis
    }

    /// Analyses a single matrix (or convolution tensor) as one layer named `name`, with the
    /// same options, progress and cancellation as a whole collection.
    /// - Throws: ``SpectralError/notAMatrix(name:shape:)`` for a tensor that is not a layer;
    ///   ``SpectralError/interrupted`` once `cancellation` is cancelled.
    public static func analyze(tensor: Tensor, name: String = "W", options: AnalysisOptions = AnalysisOptions(),
                               progress: (any ProgressReporter)? = nil,
                               cancellation: Cancellation = .never) throws -> ModelAnalysis {
        guard LayerGeometry(shape: tensor.shape, layout: options.convolutionLayout) != nil else {
            throw SpectralError.notAMatrix(name: name, shape: tensor.shape)
        }
        let collection = NamedTensors(source: name, [(name, tensor)])
        var single = options
        single.parallelism = 1
        return try analyze(collection, options: single, progress: progress, cancellation: cancellation)
    }
}

/// Results and the stop flag shared by the workers.
private final class AnalysisState: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var results: [[LayerReport]]
    private var done = 0
    private var stopped = false
    private(set) var stopReason: Error?

    init(count: Int) { results = Array(repeating: [], count: count) }

    var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    private(set) var timings = AnalysisTimings()

    func store(_ reports: [LayerReport], at index: Int, timings layerTimings: AnalysisTimings) {
        lock.lock(); defer { lock.unlock() }
        results[index] = reports
        timings = timings + layerTimings
    }

    func finishOne() -> Int {
        lock.lock(); defer { lock.unlock() }
        done += 1
        return done
    }

    func stop(_ error: Error?) {
        lock.lock(); defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        stopReason = error ?? SpectralError.interrupted
    }
}

/// Hands out layer indices in order, so big early layers start first, holding a layer back
/// while running it beside the others would exceed the memory budget.
private final class WorkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var nextIndex = 0
    private let sizes: [Int]
    private let budget: Int
    private var running = 0
    private var runningBytes = 0
    private var exclusive = false

    init(sizes: [Int], budget: Int) {
        self.sizes = sizes
        self.budget = budget
    }

    /// The next layer, once it fits; `alone` when it is over budget and so runs by itself.
    func next() -> (index: Int, alone: Bool)? {
        condition.lock(); defer { condition.unlock() }
        while true {
            guard nextIndex < sizes.count else { return nil }
            let size = sizes[nextIndex]
            let alone = size > budget
            let fits = alone ? running == 0 : !exclusive && runningBytes + size <= budget
            if fits || running == 0 {
                let index = nextIndex
                nextIndex += 1
                running += 1
                runningBytes += size
                exclusive = alone
                return (index, alone)
            }
            condition.wait()
        }
    }

    func finish(_ index: Int) {
        condition.lock(); defer { condition.unlock() }
        running -= 1
        runningBytes -= sizes[index]
        if running == 0 { exclusive = false }
        condition.broadcast()
    }
}

/// The memory a layer needs while it is analysed: its values as read (float64, decoded straight
/// from a model file), the Gram matrix of a slice, and for a convolution the scaled copy and
/// its slices.
public struct LayerWorkingSet: Sendable {
    public let bytes: Int

    public init(entry: LayerEntry) {
        let elements = entry.shape.reduce(1, *)
        let m = entry.geometry?.m ?? 0
        let copies = entry.type == .conv2d ? 3 : 1
        bytes = elements * 8 * copies + m * m * 8
    }
}

/// Serialises reads from a collection that may not be thread-safe.
private final class LockedReader: @unchecked Sendable {
    private let lock = NSLock()
    private let collection: WeightCollection

    init(_ collection: WeightCollection) { self.collection = collection }

    func float64Tensor(named name: String) throws -> Tensor {
        lock.lock(); defer { lock.unlock() }
        return try collection.float64Tensor(named: name)
    }
}
