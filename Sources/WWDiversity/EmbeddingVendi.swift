import WWNumerics

/// The Vendi Score of embeddings under the cosine kernel, through whichever of K = XXᵀ (n x n)
/// and S = XᵀX (d x d) is smaller: both have the same nonzero eigenvalues, so when d < n the
/// work is O(n d² + d³) instead of O(n³), and the rows can be streamed (``GramAccumulator``).
///
/// Unlike the reference's `score_X`, which ignores q, every path honours the order.
public enum EmbeddingVendi {
    /// VS_q of the rows of `x` (n x d; higher ranks are flattened per sample).
    /// - Parameter checkCancellation: called between blocks of rows.
    /// - Throws: ``DiversityError`` for an empty set, an all-zero row or a non-finite value.
    public static func score(_ x: Tensor, order: VendiOrder = .shannon, argument: String = "x",
                             checkCancellation: () throws -> Void = {}) throws -> Double {
        order.score(ofSpectrum: try spectrum(x, argument: argument, checkCancellation: checkCancellation))
    }

    /// The eigenvalues of K / n for the cosine kernel of the rows of `x`.
    public static func spectrum(_ x: Tensor, argument: String = "x", checkCancellation: () throws -> Void = {}) throws -> [Double] {
        let (rows, columns) = try EmbeddingRows.dimensions(x, argument: argument)
        if columns >= rows {
            return try VendiScore.spectrum(kernel: SampleKernels.cosine(x, argument: argument))
        }
        return try accumulate(x, rows: rows, columns: columns, argument: argument, checkCancellation: checkCancellation).spectrum()
    }

    /// `XᵀX` of the normalised rows of `x`, accumulated in blocks of ``DiversityLimits/defaultChunkRows``.
    static func accumulate(_ x: Tensor, rows: Int, columns: Int, argument: String,
                           checkCancellation: () throws -> Void) throws -> GramAccumulator {
        let accumulator = try GramAccumulator(dimension: columns, argument: argument)
        let step = DiversityLimits.defaultChunkRows * columns
        func feed<Element>(_ values: [Element], _ add: (UnsafeBufferPointer<Element>) throws -> Void) throws {
            try values.withUnsafeBufferPointer { buffer in
                var start = 0
                while start < buffer.count {
                    try checkCancellation()
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

    /// Pixel mode: images (all of one shape) flattened to rows, then the cosine Vendi Score.
    ///
    /// The reference first resizes PIL images to 32 x 32 (bicubic, rounded to bytes); wwn
    /// scores the pixels at their native size. The two agree exactly on 32 x 32 images (PIL
    /// returns a copy for a same-size resize) up to scaling, which the normalisation removes.
    /// - Throws: ``DiversityError`` for an empty list or images of different shapes, naming
    ///   the first image that differs.
    public static func pixelMatrix(_ images: [Tensor], argument: String = "images") throws -> Tensor {
        guard let first = images.first else {
            throw DiversityError("argument '\(argument)' is empty: a diversity score needs at least one image")
        }
        let size = first.count
        var values = [Double]()
        values.reserveCapacity(size * images.count)
        for (index, image) in images.enumerated() {
            guard image.shape == first.shape else {
                throw DiversityError("argument '\(argument)': image \(index) has shape \(image.shape) but image 0 has \(first.shape); resize them to one size first")
            }
            values.append(contentsOf: image.doubleValues)
        }
        return try Tensor(shape: [images.count, size], values: values)
    }
}
