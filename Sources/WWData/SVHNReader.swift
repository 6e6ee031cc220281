import WWBase
import WWNumerics

/// The Street View House Numbers in their cropped-digit format (Netzer et al., 2011):
/// `train_32x32.mat`, `test_32x32.mat`, `extra_32x32.mat`, MATLAB 5 files holding `X` (uint8,
/// 32 x 32 x 3 x n, column-major) and `y` (n x 1, digits 1..10 where 10 is a zero).
extension Dataset {
    /// An SVHN `.mat` file as `[n, 3, 32, 32]` images in [0, 1] and labels 0..9: the label 10
    /// becomes 0, as torchvision's SVHN does (`np.place(labels, labels == 10, 0)`).
    /// - Throws: ``DataFileError`` naming the file: not a MAT-file, `X` or `y` missing or
    ///   of the wrong shape, a label outside 1...10.
    public static func svhn(path: String, cancellation: Cancellation = .never) throws -> Dataset {
        let x = try MATFileReader.variable("X", in: path)
        let y = try MATFileReader.variable("y", in: path)
        guard x.dimensions.count == 4, x.dimensions[2] == 3 else {
            throw DataFileError(path, "'X' has dimensions \(x.dimensions); SVHN's are height x width x 3 x n")
        }
        let (height, width, n) = (x.dimensions[0], x.dimensions[1], x.dimensions[3])
        guard y.count == n, y.dimensions.filter({ $0 != 1 }).count <= 1 else {
            throw DataFileError(path, "'y' has dimensions \(y.dimensions) for \(n) images; SVHN's labels are n x 1")
        }
        try DataLimits.checkSampleCount(n, what: path)
        try DataLimits.checkFloatAllocation(x.count, what: path)
        var labels = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let value = y.number(at: i)
            guard value == value.rounded(), (1...10).contains(value) else {
                throw DataFileError(path, "label \(value) of image \(i) is not a digit 1..10 (10 stands for 0)")
            }
            labels[i] = Int(value) % 10
        }
        // Column-major (row i, column j, channel c, image k) at i + h (j + w (c + 3 k)) to
        // row-major [k][c][i][j].
        let plane = height * width
        var pixels = [Float](repeating: 0, count: x.count)
        for k in 0..<n {
            if k % 4096 == 0 { try cancellation.checkCancelled() }
            for c in 0..<3 {
                let source = (c + 3 * k) * plane, target = (k * 3 + c) * plane
                for j in 0..<width {
                    for i in 0..<height { pixels[target + i * width + j] = Float(x.number(at: source + i + height * j)) / 255 }
                }
            }
        }
        let features = try Tensor(shape: [n, 3, height, width], values: pixels)
        return try Dataset(name: "svhn", features: features, labels: labels, classNames: (0..<10).map(String.init))
    }
}
