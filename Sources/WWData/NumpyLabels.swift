import WWModelFormats

/// Integer class labels stored as a NumPy array (`np.save("y.npy", labels)`), the way many
/// data sets ship their targets beside an array or a folder of inputs.
public enum NumpyLabels {
    /// Stored types taken: NumPy's integer types, bool, and floats holding whole numbers
    /// (`np.float32` labels are common after a pandas round trip).
    static let acceptedTypes: Set<String> = ["I8", "I16", "I32", "I64", "U8", "U16", "U32", "U64", "BOOL", "F16", "F32", "F64"]

    /// The labels of a `.npy` file holding shape `[n]` or `[n, 1]`: whole numbers from 0 to
    /// below ``DataLimits/maxClasses``.
    /// - Throws: ``DataFileError`` naming the file for another shape or type, or the first
    ///   sample whose label is not a class number.
    public static func read(_ path: String) throws -> [Int] {
        let file: ModelFile
        do {
            file = try ModelFile.open(path)
        } catch {
            throw DataFileError(path, "cannot be read as a .npy array: \(error)")
        }
        guard file.format == .numpy, let info = file.weights.first else {
            throw DataFileError(path, "is not a .npy file (a .npz or a model holds several arrays; save the labels alone with np.save)")
        }
        guard info.shape.count == 1 || (info.shape.count == 2 && info.shape[1] == 1) else {
            throw DataFileError(path, "holds an array of shape \(info.shape); labels are one number per sample, shape [n] or [n, 1]")
        }
        guard acceptedTypes.contains(info.storageType) else {
            throw DataFileError(path, "holds \(info.storageType) values; labels must be integers (or whole floats)")
        }
        try DataLimits.checkSampleCount(info.shape[0], what: path)
        let values: [Double]
        do {
            if let integers = try file.integerValues(named: info.name) {
                values = integers.map(Double.init)  // exact below 2^53, far past maxClasses
            } else {
                values = try file.float64Tensor(named: info.name).doubleValues
            }
        } catch {
            throw DataFileError(path, "cannot be read: \(error)")
        }
        return try values.enumerated().map { index, value in
            guard value == value.rounded(), value >= 0, value < Double(DataLimits.maxClasses) else {
                throw DataFileError(path, "label \(value) of sample \(index) is not a class number (a whole number from 0 to \(DataLimits.maxClasses - 1))")
            }
            return Int(value)
        }
    }
}
