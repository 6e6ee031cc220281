import WWNumerics

extension EmbeddingVendi {
    /// Pixel mode for images stacked along the first axis (a data set's features,
    /// `[n, channels, height, width]` or `[n, height, width]`): each image is taken apart and
    /// resized as ``pixelMatrix(_:resize:argument:)`` does, so a data set scores exactly as the
    /// list of its images would.
    /// - Throws: ``DiversityError`` for no images, another rank, or pixels outside [0, 1],
    ///   naming the image.
    public static func pixelMatrix(stackedImages: Tensor, resize: Int, argument: String = "images") throws -> Tensor {
        guard stackedImages.rank == 3 || stackedImages.rank == 4 else {
            throw DiversityError("argument '\(argument)' has shape \(stackedImages.shape); stacked images need [images, channels, height, width] or [images, height, width]")
        }
        let count = stackedImages.shape[0]
        let shape = Array(stackedImages.shape.dropFirst()), size = shape.reduce(1, *)
        let values = stackedImages.doubleValues
        let images = try (0..<count).map { index in
            try Tensor(shape: shape, values: Array(values[(index * size)..<((index + 1) * size)]))
        }
        return try pixelMatrix(images, resize: resize, argument: argument)
    }
}
