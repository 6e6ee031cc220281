extension KerasReader {
    /// A Keras 3 `.keras` zip: `config.json` (the layer list, hence the order) and
    /// `model.weights.h5`, which libhdf5 opens from memory (stored entries are handed over from
    /// the mapped zip, compressed ones inflated first).
    static func read(_ archive: ZipArchive) throws -> TensorListing {
        let path = archive.file.path
        guard let weights = archive.entry(named: weightsEntry) else {
            throw ModelFormatError(file: path, "is a zip archive without '\(weightsEntry)', so not a Keras .keras file")
        }
        guard weights.uncompressedSize <= ModelFormatLimits.maxKerasWeightsBytes else {
            throw ModelFormatError(file: path, "'\(weightsEntry)' is \(weights.uncompressedSize) bytes, more than the limit of \(ModelFormatLimits.maxKerasWeightsBytes) for a .keras archive's weights, which are opened in memory")
        }
        var config: OrderedJSON?
        if let entry = archive.entry(named: configEntry) {
            let text = try archive.contents(of: entry, limit: ModelFormatLimits.maxKerasConfigBytes)
            do {
                config = try text.withUnsafeBytes { try OrderedJSON.parse($0) }
            } catch let error as OrderedJSON.SyntaxError {
                throw ModelFormatError(file: path, "'\(configEntry)' is not valid JSON at byte \(error.offset): \(error.reason)")
            }
        }
        let file = try archive.bytes(of: weights).withBytes { try HDF5File(image: $0, named: path + ":" + weightsEntry) }
        return try readKeras3(file, config: config)
    }
}
