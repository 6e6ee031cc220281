import WWData
import WWNumerics

/// The memory checks of a materialisation, made before anything large is allocated: `copies`
/// multiplies the data set, and an augmentation that resizes changes every sample's size.
enum MaterialiseMemory {
    /// Refuses `copies` copies of `data` that would exceed a data set's sample count or memory.
    static func checkCopiesFit(_ data: Dataset, copies: Int) throws {
        let samples = data.count.multipliedReportingOverflow(by: copies)
        guard !samples.overflow, samples.partialValue <= DataLimits.maxSamples else {
            throw AugmentError.cannotMaterialise("argument 'copies': \(copies) copies of \(data.count) samples exceed the \(DataLimits.maxSamples) samples a data set may hold")
        }
        let bytes = samples.partialValue.multipliedReportingOverflow(by: max(data.sampleShape.reduce(1, *), 1) * MemoryLayout<Float>.size)
        guard !bytes.overflow, bytes.partialValue <= TensorLimits.maxAllocationBytes else {
            throw AugmentError.cannotMaterialise("argument 'copies': \(copies) copies of \(data.name) need \(bytes.overflow ? Int.max : bytes.partialValue) bytes, more than this machine's memory (\(TensorLimits.maxAllocationBytes) bytes)")
        }
    }

    /// Refuses a result whose samples have `sampleShape` (an augmentation that resizes) when
    /// `data.count * copies` of them would not fit in memory.
    static func checkOutputFits(_ data: Dataset, copies: Int, sampleShape: [Int]) throws {
        let values = sampleShape.reduce(1) { $0.multipliedReportingOverflow(by: max($1, 1)).partialValue }
        let bytes = (data.count * copies).multipliedReportingOverflow(by: values.multipliedReportingOverflow(by: MemoryLayout<Float>.size).partialValue)
        guard !bytes.overflow, bytes.partialValue <= TensorLimits.maxAllocationBytes else {
            throw AugmentError.cannotMaterialise("the augmentation makes samples of shape \(sampleShape); \(data.count * copies) of them need \(bytes.overflow ? Int.max : bytes.partialValue) bytes, more than this machine's memory (\(TensorLimits.maxAllocationBytes) bytes)")
        }
    }
}
