import WWBase
import WWNumerics

/// The Vendi Score of embeddings under the cosine kernel, through whichever of K = XXᵀ (n x n)
/// and S = XᵀX (d x d) is smaller: both have the same nonzero eigenvalues, so when d < n the
/// work is O(n d² + d³) instead of O(n³), and the rows can be streamed (``GramAccumulator``).
///
/// Unlike the reference's `score_X`, which ignores q, every path honours the order.
public enum EmbeddingVendi {
    /// VS_q of the rows of `x` (n x d; higher ranks are flattened per sample).
    /// - Parameter cancellation: polled between blocks of rows; its error stops the score.
    /// - Throws: ``DiversityError`` for an empty set, an all-zero row or a non-finite value.
    public static func score(_ x: Tensor, order: VendiOrder = .shannon, argument: String = "x",
                             cancellation: Cancellation = .never) throws -> Double {
        order.score(ofSpectrum: try spectrum(x, argument: argument, cancellation: cancellation))
    }

    /// The eigenvalues of K / n for the cosine kernel of the rows of `x`.
    public static func spectrum(_ x: Tensor, argument: String = "x", cancellation: Cancellation = .never) throws -> [Double] {
        let (rows, columns) = try EmbeddingRows.dimensions(x, argument: argument)
        if columns >= rows {
            return try VendiScore.spectrum(kernel: SampleKernels.cosine(x, argument: argument))
        }
        return try accumulate(x, rows: rows, columns: columns, argument: argument, cancellation: cancellation).spectrum()
    }

    /// `XᵀX` of the normalised rows of `x`, accumulated in blocks of ``DiversityLimits/defaultChunkRows``.
    static func accumulate(_ x: Tensor, rows: Int, columns: Int, argument: String,
                           cancellation: Cancellation) throws -> GramAccumulator {
        let accumulator = try GramAccumulator(dimension: columns, argument: argument)
        let step = DiversityLimits.defaultChunkRows * columns
        func feed<Element>(_ values: [Element], _ add: (UnsafeBufferPointer<Element>) throws -> Void) throws {
            try values.withUnsafeBufferPointer { buffer in
                var start = 0
                while start < buffer.count {
                    try cancellation.checkCancelled()
                    let end = min(start + step, buffer.count)
                    try add(UnsafeBufferPointer(rebasing: buffer[start..<end]))
                    start = end
                }
            }
        }
        switch x.storage {
        case .float32(let values): try feed(values) { try accumulator.add($0) }
        case .float64(let values): try feed(values) { try accumulator.add($0) }
        }
        return accumulator
    }

    /// Pixel mode: images flattened to rows, for the cosine Vendi Score.
    ///
    /// With `resize` (the reference's behaviour, 32), every image becomes bytes (values in
    /// [0, 1] times 255, rounded) resized to `resize x resize` per channel exactly as PIL's
    /// default `Image.resize` does (``PixelResize``), then divided by 255 again, so images of
    /// different sizes are fine as long as their channels agree. Without it, the values are used at their native size and
    /// every image must have the same shape.
    /// - Throws: ``DiversityError`` for an empty list or images that do not fit, naming the
    ///   first image that differs.
    public static func pixelMatrix(_ images: [Tensor], resize: Int? = nil, argument: String = "images") throws -> Tensor {
        guard let first = images.first else {
            throw DiversityError("argument '\(argument)' is empty: a diversity score needs at least one image")
        }
        if let resize {
            guard resize > 0, resize <= maxResize else {
                throw DiversityError("argument 'resize' must be between 1 and \(maxResize), got \(resize)")
            }
            let channels = first.rank == 3 ? first.shape[0] : 1
            var values = [Double]()
            values.reserveCapacity(channels * resize * resize * images.count)
            for (index, image) in images.enumerated() {
                let imageChannels = image.rank == 3 ? image.shape[0] : 1
                guard imageChannels == channels || image.rank < 2 || image.rank > 3 else {
                    throw DiversityError("argument '\(argument)': image \(index) has \(imageChannels) channels but image 0 has \(channels)")
                }
                // Back to [0, 1] after the byte resize, so an RBF kernel's sigma means the same
                // with and without resizing (the cosine kernel is unaffected by the scale).
                values.append(contentsOf: try PixelResize.resizedBytes(image, size: resize, index: index, argument: argument).map { Double($0) / 255 })
            }
            return try Tensor(shape: [images.count, channels * resize * resize], values: values)
        }
        let size = first.count
        var values = [Double]()
        values.reserveCapacity(size * images.count)
        for (index, image) in images.enumerated() {
            guard image.shape == first.shape else {
                throw DiversityError("argument '\(argument)': image \(index) has shape \(image.shape) but image 0 has \(first.shape); resize them to one size first (resize: 32)")
            }
            values.append(contentsOf: image.doubleValues)
        }
        return try Tensor(shape: [images.count, size], values: values)
    }

    /// The largest side `resize` accepts: 1024 x 1024 x 3 values per image already make a
    /// 3-million-dimensional pixel vector, far past where pixel similarity means anything.
    public static let maxResize = 1024
}
