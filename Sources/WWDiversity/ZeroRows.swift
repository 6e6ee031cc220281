import WWNumerics

/// Samples with no direction. The cosine kernel divides every row by its norm, so an all-zero
/// row (a black image, a representation in which every unit is off) has no similarity to
/// anything. Scores refuse such a row by default; a study that augments images can meet one
/// (an AutoAugment posterize of a dark image) and may rather leave it out than stop.
public enum ZeroRows {
    /// The rows of `x` (samples along the first axis; other axes are the sample) that hold a
    /// nonzero value, and their positions in `x`. The result keeps the element type and the
    /// sample shape; it is `x` itself when no row is all zero. A non-finite value is an error
    /// here, naming its row in `x`: once rows are gone, the scores would name its row in the
    /// smaller set.
    /// - Throws: ``DiversityError`` for an empty set, a non-finite value, or when every row is all zero.
    public static func removing(from x: Tensor, argument: String = "x") throws -> (rows: Tensor, kept: [Int]) {
        let (rows, columns) = try EmbeddingRows.dimensions(x, argument: argument)
        switch x.elementType {
        case .float32:
            return try removing(x.floatValues, from: x, rows: rows, columns: columns, argument: argument) { try Tensor(shape: $0, values: $1) }
        case .float64:
            return try removing(x.doubleValues, from: x, rows: rows, columns: columns, argument: argument) { try Tensor(shape: $0, values: $1) }
        }
    }

    /// The same, carrying each sample's weight along: the weights of the rows left out go too,
    /// so a weighted score of what is left weighs every kept sample as given.
    /// - Throws: ``DiversityError`` as above, or when `weights` has not one value per row.
    public static func removing(from x: Tensor, weights: [Double]?, argument: String = "x") throws -> (rows: Tensor, weights: [Double]?) {
        let samples = x.shape.first ?? 0
        let (rows, kept) = try removing(from: x, argument: argument)
        guard let weights else { return (rows, nil) }
        guard weights.count == samples else {
            throw DiversityError("argument 'weights' has \(weights.count) values but there are \(samples) samples")
        }
        return (rows, kept.map { weights[$0] })
    }

    private static func removing<Element: BinaryFloatingPoint>(
        _ values: [Element], from x: Tensor, rows: Int, columns: Int, argument: String,
        make: ([Int], [Element]) throws -> Tensor
    ) throws -> (rows: Tensor, kept: [Int]) {
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw DiversityError("argument '\(argument)' has a non-finite value (\(Double(values[bad]))) in row \(bad / columns)")
        }
        let kept = nonzeroRows(values, rows: rows, columns: columns)
        if kept.count == rows { return (x, kept) }
        guard !kept.isEmpty else {
            throw DiversityError("argument '\(argument)' has only all-zero rows (\(rows)): no sample has a direction, so there is nothing to score")
        }
        return (try make([kept.count] + x.shape.dropFirst(), gather(values, kept, columns: columns)), kept)
    }

    private static func nonzeroRows<Element: BinaryFloatingPoint>(_ values: [Element], rows: Int, columns: Int) -> [Int] {
        (0..<rows).filter { row in
            values[(row * columns)..<((row + 1) * columns)].contains { $0 != 0 }
        }
    }

    private static func gather<Element>(_ values: [Element], _ kept: [Int], columns: Int) -> [Element] {
        var result: [Element] = []
        result.reserveCapacity(kept.count * columns)
        for row in kept { result.append(contentsOf: values[(row * columns)..<((row + 1) * columns)]) }
        return result
    }
}
