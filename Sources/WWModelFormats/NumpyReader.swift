import Foundation

/// NumPy files: a `.npy` holds one array, named after the file; a `.npz` is a zip of `.npy`
/// entries (stored by `np.savez`, deflated by `np.savez_compressed`), named after the entries
/// and listed in archive order, as `np.load(...).files` lists them.
enum NumpyReader {
    static func readArray(_ file: MappedFile) throws -> TensorListing {
        let bytes = file.bytes
        let header = try NumpyHeader.parse(Array(bytes.prefix(ModelFormatLimits.numpyHeaderProbeBytes)), file: file.path)
        let region = MappedRegion(file: file, range: min(header.dataOffset, bytes.count)..<bytes.count)
        let name = ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
        let tensor = try header.tensor(named: name, bytes: region, file: file.path, what: "the array")
        return TensorListing(tensors: [tensor])
    }

    static func readArchive(_ archive: ZipArchive) throws -> TensorListing {
        var listing = TensorListing()
        let path = archive.file.path
        for entry in archive.entries where !entry.name.hasSuffix("/") {
            let what = "entry '\(entry.name)': "
            guard entry.name.hasSuffix(".npy") else {
                throw ModelFormatError(file: path, "\(what)is not a .npy array (an .npz holds only .npy entries)")
            }
            let source = archive.bytes(of: entry)
            let prefix: [UInt8]
            if let deflated = source as? DeflatedEntry {
                prefix = try deflated.prefix(ModelFormatLimits.numpyHeaderProbeBytes)
            } else {
                prefix = try source.withBytes { Array($0.prefix(ModelFormatLimits.numpyHeaderProbeBytes)) }
            }
            let header = try NumpyHeader.parse(prefix, file: path, what: what)
            let name = String(entry.name.dropLast(4))
            let data = TrailingBytes(source: source, offset: header.dataOffset)
            listing.tensors.append(try header.tensor(named: name, bytes: data, file: path, what: "entry '\(entry.name)'"))
        }
        return listing
    }
}

/// The bytes of another source from an offset on: an `.npy` entry's array after its header.
final class TrailingBytes: TensorBytes {
    let source: TensorBytes
    let offset: Int

    init(source: TensorBytes, offset: Int) {
        self.source = source
        self.offset = min(offset, source.byteCount)
    }

    var byteCount: Int { source.byteCount - offset }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        try source.withBytes { try body(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
    }

    func release(_ range: Range<Int>) {
        source.release((range.lowerBound + offset)..<(range.upperBound + offset))
    }
}
