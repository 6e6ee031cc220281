import Foundation
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

    /// Reports of progress to show to a user: layers done, layers in total, the current name.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int, _ layer: String) -> Void

    /// Analyses the layers `options` selects.
    ///
    /// Layers run in parallel (one worker per core by default). Tensors are read one at a
    /// time under a lock (a collection need not be thread-safe, and a memory-mapped file is
    /// then read in order), so at most one tensor per worker is in memory. While several
    /// workers run, OpenBLAS is limited to one thread each, since its own threads would
    /// oversubscribe the cores; a single large layer keeps all BLAS threads. (OpenBLAS sums in
    /// a different order with a different thread count, so a layer analysed alone and among
    /// others may differ in the last bits, about 1e-15 relative; the same call on the same
    /// machine gives the same bits.) Measured on 2 shared cores, 12 layers of 768 x 768: 3.2-3.7 s
    /// one at a time, 2.4-3.2 s two at a time (debug build).
    /// - Parameters:
    ///   - shouldStop: polled between layers; when it returns true the analysis stops with
    ///     ``SpectralError/interrupted``.
    /// - Throws: ``SpectralError/interrupted``, or the collection's error when a tensor cannot
    ///   be read.
    public static func analyze(_ collection: WeightCollection, options: AnalysisOptions = AnalysisOptions(),
                               progress: Progress? = nil,
                               shouldStop: @escaping @Sendable () -> Bool = { false }) throws -> ModelAnalysis {
        let entries = LayerCatalog.entries(of: collection.weights, options: options)
        let work = entries.filter { $0.isAnalysed }
        let workers = max(1, min(options.parallelism ?? ProcessInfo.processInfo.activeProcessorCount, work.count))
        let state = AnalysisState(count: work.count)
        let reader = LockedReader(collection)
        let body: (Int) -> Void = { index in
            guard !state.isStopped else { return }
            if shouldStop() { state.stop(nil); return }
            let entry = work[index]
            do {
                let tensor = try reader.tensor(named: entry.tensorName)
                state.store(LayerAnalysis.reports(for: entry, tensor: tensor, options: options), at: index)
                let done = state.finishOne()
                progress?(done, work.count, entry.tensorName)
            } catch {
                state.stop(error)
            }
        }
        if workers > 1 {
            let previousThreads = BLASEnvironment.info.threadCount
            try? BLASEnvironment.setThreadCount(1)
            defer { try? BLASEnvironment.setThreadCount(previousThreads) }
            let queue = WorkQueue(count: work.count)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let index = queue.next() { body(index) }
            }
        } else {
            for index in work.indices { body(index) }
        }
        if let stop = state.stopReason { throw stop }
        return ModelAnalysis(source: collection.source, entries: entries, reports: state.results.flatMap { $0 }, options: options)
    }

    /// Analyses a single matrix (or convolution tensor) as one layer named `name`.
    public static func analyze(tensor: Tensor, name: String = "W", options: AnalysisOptions = AnalysisOptions()) throws -> ModelAnalysis {
        guard LayerGeometry(shape: tensor.shape, layout: options.convolutionLayout) != nil else {
            throw SpectralError.notAMatrix(name: name, shape: tensor.shape)
        }
        let collection = NamedTensors(source: name, [(name, tensor)])
        var single = options
        single.parallelism = 1
        return try analyze(collection, options: single)
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

    func store(_ reports: [LayerReport], at index: Int) {
        lock.lock(); results[index] = reports; lock.unlock()
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

/// Hands out layer indices in order, so big early layers start first.
private final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        defer { nextIndex += 1 }
        return nextIndex
    }
}

/// Serialises reads from a collection that may not be thread-safe.
private final class LockedReader: @unchecked Sendable {
    private let lock = NSLock()
    private let collection: WeightCollection

    init(_ collection: WeightCollection) { self.collection = collection }

    func tensor(named name: String) throws -> Tensor {
        lock.lock(); defer { lock.unlock() }
        return try collection.tensor(named: name)
    }
}
