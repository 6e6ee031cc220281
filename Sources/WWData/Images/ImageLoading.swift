import Foundation
import WWBase
import WWNumerics

/// How images become samples: mode, geometry and whether EXIF orientation is applied.
public struct ImageLoadOptions: Equatable, Sendable {
    public var mode: ImageMode
    public var geometry: ImageGeometry
    /// Turn JPEGs upright by their EXIF orientation (PIL's `ImageOps.exif_transpose`).
    /// torchvision's ImageFolder does not; pass false for its pixels.
    public var orient: Bool

    public init(mode: ImageMode = .rgb, geometry: ImageGeometry = ImageGeometry(), orient: Bool = true) {
        self.mode = mode
        self.geometry = geometry
        self.orient = orient
    }
}

/// Where `load_images` keeps the cache of a load (see ``ImageCache``).
public enum ImageCacheLocation: Equatable, Sendable {
    /// No cache: every load decodes.
    case none
    /// Under the user's cache folder (``ImageCache/standard(root:listing:options:)``).
    case standard
    /// This file.
    case file(String)
}

extension ImageLoadOptions {
    /// Every option that changes the pixels, for a cache's key.
    var cacheDescription: String {
        "mode \(mode.rawValue) resize \(geometry.resize) crop \(geometry.crop.map { "\($0.height)x\($0.width)" } ?? "none") filter \(geometry.filter.rawValue) orient \(orient)"
    }

    /// One image file as PIL (plus the options) would give it: decoded, turned, converted to
    /// the mode, resized and cropped, as channels-first floats in [0, 1].
    public func load(file path: String) throws -> Tensor {
        let image = try prepared(file: path)
        let size = geometry.fixedOutputSize ?? outputSize(of: image, path: path)
        var bytes = [UInt8](repeating: 0, count: mode.channels * size.height * size.width)
        try bytes.withUnsafeMutableBufferPointer { try geometry.render(image, into: $0, path: path) }
        return try PixelBytes(shape: [1, mode.channels, size.height, size.width], bytes: bytes).tensor.reshaped([mode.channels, size.height, size.width])
    }

    /// Decoded, turned and converted (before resizing).
    func prepared(file path: String) throws -> DecodedImage {
        let (decoded, orientation) = try ImageDecoder.decode(file: path)
        let upright = orient ? ExifOrientation.applied(orientation, to: decoded) : decoded
        return mode.converted(upright)
    }

    /// The size `image` comes out at under the geometry.
    func outputSize(of image: DecodedImage, path: String) -> ImageSize {
        geometry.crop ?? geometry.resized(ImageSize(height: image.height, width: image.width))
    }

    /// One file rendered into `row` as ``load(file:)`` would give it, decoded into `scratch`; the
    /// image must come out at `size` (`first` names the image that set it). An image that needs
    /// no turn and no colour conversion is resized straight from the decoder's buffer.
    func render(file path: String, scratch: ImageScratch, size: ImageSize, first: String, into row: UnsafeMutableBufferPointer<UInt8>) throws {
        let bytes = try ImageFileBytes.read(path, limit: ImageLimits.maxImageFileBytes)
        let orientation = try ImageDecoder.decode(bytes, path: path, maxPixels: ImageLimits.maxImagePixels, into: scratch)
        let (width, height, channels) = (Int(scratch.image.width), Int(scratch.image.height), Int(scratch.image.channels))
        let direct = channels == mode.channels && (!orient || orientation == 1)
        let image = direct ? nil : mode.converted(ExifOrientation.applied(orient ? orientation : 1,
                                                                        to: DecodedImage(width: width, height: height, channels: channels, pixels: Array(scratch.pixels))))
        let decodedSize = image.map { ImageSize(height: $0.height, width: $0.width) } ?? ImageSize(height: height, width: width)
        let out = geometry.crop ?? geometry.resized(decodedSize)
        guard out == size else {
            throw DataFileError(path, "is \(out.width)x\(out.height) (width x height) but \(first) is \(size.width)x\(size.height); every sample must have one size: pass size: [h, w] (or short_side: and crop:) to resize on load")
        }
        if let image {
            try geometry.render(image, into: row, path: path)
        } else {
            try geometry.render(scratch.pixels, height: height, width: width, channels: channels, into: row, path: path)
        }
    }
}

extension Dataset {
    /// The images of `listing` as one data set `[n, channels, height, width]` in [0, 1], held as
    /// bytes (``PixelBytes``) until a consumer asks for floats.
    ///
    /// Images are decoded on all cores, ``ImageLimits/imagesPerChunk`` at a time; each writes
    /// only its own row, so the result is the same on any number of threads, and of the errors
    /// in a chunk the first file's is the one thrown. Between chunks, `progress` hears how many
    /// are done and `cancellation` is polled. Without a fixed output size (no `size` or crop),
    /// every image must have the first one's size.
    public static func images(_ listing: ImageFolderListing, name: String, options: ImageLoadOptions = ImageLoadOptions(),
                              progress: (any ProgressReporter)? = nil, cancellation: Cancellation = .never) throws -> Dataset {
        defer { progress?.finish() }
        let count = listing.files.count
        try DataLimits.checkSampleCount(count, what: name)
        guard let first = listing.files.first else { throw DatasetError.invalid("\(name): no images to load") }
        let size: ImageSize
        if let fixed = options.geometry.fixedOutputSize {
            size = fixed
        } else {
            size = options.outputSize(of: try options.prepared(file: first), path: first)
        }
        let sampleElements = options.mode.channels * size.height * size.width
        guard sampleElements <= DataLimits.maxSampleElements else {
            throw DatasetError.invalid("\(name): images of \(size.width)x\(size.height) have \(sampleElements) values each, more than \(DataLimits.maxSampleElements) (DataLimits.maxSampleElements); pass size: to make them smaller")
        }
        let (total, overflow) = count.multipliedReportingOverflow(by: sampleElements)
        // Checked as floats: the set is bytes, but a consumer that asks for `features` gets floats.
        try DataLimits.checkFloatAllocation(overflow ? Int.max / 4 : total, what: name)
        var values = [UInt8](repeating: 0, count: total)
        let chunk = ImageLimits.imagesPerChunk
        // One worker per core, each with its own decode buffer, taking every workers-th image of
        // a chunk: which worker decodes an image changes nothing in its row.
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, chunk))
        let scratches = (0..<workers).map { _ in ImageScratch() }
        try values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var errors = [Error?](repeating: nil, count: chunk)
            for start in stride(from: 0, to: count, by: chunk) {
                try cancellation.checkCancelled()
                progress?.progress(done: start, total: count, label: "images")
                let end = min(start + chunk, count)
                errors.withUnsafeMutableBufferPointer { slots in
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        for k in stride(from: worker, to: end - start, by: workers) {
                            let index = start + k
                            let path = listing.files[index]
                            let row = UnsafeMutableBufferPointer(start: base + index * sampleElements, count: sampleElements)
                            do {
                                try options.render(file: path, scratch: scratches[worker], size: size, first: first, into: row)
                                slots[k] = nil
                            } catch {
                                slots[k] = error
                            }
                        }
                    }
                }
                if let error = errors[0..<(end - start)].lazy.compactMap({ $0 }).first { throw error }
            }
            progress?.progress(done: count, total: count, label: "images")
        }
        let pixels = try PixelBytes(shape: [count, options.mode.channels, size.height, size.width], bytes: values)
        return try Dataset(name: name, pixels: pixels, labels: listing.labels, classNames: listing.classNames)
    }

    /// An image folder: torchvision's ImageFolder layout (`root/<class>/<image>`), or with
    /// `labelsFile` a flat folder of images labelled by that CSV table (see
    /// ``ImageFolderListing``).
    public static func imageFolder(_ root: String, labelsFile: String? = nil, fileColumn: String = "file", labelColumn: String = "label",
                                   order: ClassOrder = .sorted, options: ImageLoadOptions = ImageLoadOptions(),
                                   cache location: ImageCacheLocation = .none, note: (String) -> Void = { _ in },
                                   progress: (any ProgressReporter)? = nil, cancellation: Cancellation = .never) throws -> Dataset {
        if case .file(let path) = location, path.isEmpty {
            throw DatasetError.invalid("\(root): the cache path is empty (give a file name, or cache: true for the user's cache folder)")
        }
        let listing = try labelsFile.map { try ImageFolderListing.flatFolder(root, labelsFile: $0, fileColumn: fileColumn, labelColumn: labelColumn, order: order) }
            ?? ImageFolderListing.classFolders(root)
        let name = ((root as NSString).standardizingPath as NSString).lastPathComponent
        let cache: ImageCache
        switch location {
        case .none: return try images(listing, name: name, options: options, progress: progress, cancellation: cancellation)
        case .standard: cache = try ImageCache.standard(root: root, listing: listing, options: options)
        case .file(let path): cache = try ImageCache(path: path, listing: listing, options: options)
        }
        switch cache.lookup() {
        case .hit(let pixels, let labels, let classNames) where labels == listing.labels && classNames == listing.classNames:
            progress?.finish()
            return try Dataset(name: name, pixels: pixels, labels: labels, classNames: classNames)
        case .hit: note("ignored the cache \(cache.path): its labels differ from the folder's; decoding the images again")
        case .unusable(let reason): note("ignored the cache \(cache.path): \(reason); decoding the images again")
        case .missing: break
        }
        let loaded = try images(listing, name: name, options: options, progress: progress, cancellation: cancellation)
        if let pixels = loaded.pixelBytes {
            do {
                try cache.write(pixels: pixels, labels: loaded.labels, classNames: loaded.classNames)
            } catch {
                note("could not write the cache \(cache.path) (\(error)); the images are loaded, the next load decodes them again")
            }
        }
        return loaded
    }
}
