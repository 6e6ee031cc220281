import WWData
import WWInterpreter
import WWNumerics

extension Registry {
    /// The image-folder loaders: `load_images` (a data set) and `load_image` (one tensor).
    func defineImageLoaders() {
        define("""
            load_images(path, labels = nil, size = nil, short_side = nil, crop = nil, mode = "rgb", orient = true, \
            file_column = "file", label_column = "label", order = "sorted", cache = false) -> dataset
            """, category: "Data", doc: """
            Images on disk as a dataset `[n, channels, h, w]` (float32 in [0, 1]). Without `labels`, \
            `path` is a folder in torchvision's ImageFolder layout: one folder per class (sorted by \
            code point, as Python sorts), images anywhere below it (symbolic links followed); files \
            whose extension is not an image's are skipped, names starting with "." ignored, an empty \
            class is an error. With `labels` (a CSV file with a header), `path` is a folder of \
            images and the table's `file_column` gives each image's path inside it, `label_column` \
            its class (numbered by `order` as in load_csv). PNG (any colour type, 1 to 16 bits; 16-bit \
            samples keep their high byte) and JPEG (grey or colour) are decoded by libpng and \
            libjpeg-turbo; JPEGs are turned upright by their EXIF orientation unless `orient: false` \
            (torchvision does not turn them). `mode` "rgb" or "grey" converts as PIL's convert("RGB") \
            / convert("L") (alpha dropped). `size` (n or [h, w]) resizes to exactly that, \
            `short_side` resizes the shorter side to that length keeping the aspect ratio, both with \
            Pillow's bilinear filter as torchvision's Resize; then `crop` (n or [h, w]) takes the \
            centre, as CenterCrop. Without size or crop every image must have the same size. \
            Decoding runs on all cores with a progress bar on a terminal; Ctrl-C stops it. A file \
            that cannot be decoded (truncated, corrupt, not an image, a GIF, larger than 179 \
            megapixels) is an error naming it. The pixels are kept as bytes (a quarter of float32's \
            memory) and become floats when used. `cache: true` keeps the loaded set in a file \
            under ~/.cache/wwn/images ($XDG_CACHE_HOME), `cache: "file"` in that file: a second load \
            of the same files (paths, sizes, modification times) with the same options reads it \
            instead of decoding; a stale or damaged cache is ignored with a note and written again.
            """) { call in
            let options = try imageLoadOptions(call)
            let path = try call.string("path")
            let labels = try call.optionalString("labels")
            let order = try call.choice("order", of: ClassOrder.self)
            let (fileColumn, labelColumn) = (try call.string("file_column"), try call.string("label_column"))
            let cache = try imageCacheLocation(call)
            let output = call.interpreter.output
            let bar = TerminalProgressBar.forStandardError()
            defer { bar?.finish() }
            return .object(DatasetObject(try Dataset.imageFolder(path, labelsFile: labels, fileColumn: fileColumn, labelColumn: labelColumn,
                                                                 order: order, options: options, cache: cache,
                                                                 note: { output.write("load_images: \($0)\n") },
                                                                 progress: bar, cancellation: .interrupt)))
        }
        define("load_image(path, size = nil, short_side = nil, crop = nil, mode = \"rgb\", orient = true) -> tensor", category: "Data", doc: """
            One PNG or JPEG file as a float32 tensor `[channels, h, w]` in [0, 1], decoded, turned, \
            converted, resized and cropped exactly as load_images does each image.
            """) { call in
            let options = try imageLoadOptions(call)
            return .object(TensorObject(try options.load(file: try call.string("path"))))
        }
    }
}

/// The mode, geometry and orientation arguments shared by load_images and load_image.
private func imageLoadOptions(_ call: BuiltinCall) throws -> ImageLoadOptions {
    let mode = try call.choice("mode", of: ImageMode.self)
    let orient = try call.bool("orient")
    let size = try imageSize(call, "size")
    let shortSide = try call.optionalInteger("short_side", in: 1...ImageLimits.maxOutputSide)
    let crop = try imageSize(call, "crop")
    let resize: ImageGeometry.Resize
    switch (size, shortSide) {
    case (let size?, nil): resize = .exact(size)
    case (nil, let side?): resize = .shorterSide(side)
    case (nil, nil): resize = .none
    default: throw BuiltinError("\(call.function.name): give size or short_side, not both")
    }
    return ImageLoadOptions(mode: mode, geometry: ImageGeometry(resize: resize, crop: crop), orient: orient)
}

/// The cache argument: false (none), true (the user's cache folder) or a file path.
private func imageCacheLocation(_ call: BuiltinCall) throws -> ImageCacheLocation {
    switch try call.value("cache") {
    case .bool: return try call.bool("cache") ? .standard : .none
    case .string: return .file(try call.string("cache"))
    default: throw BuiltinError("\(call.function.name): argument 'cache' must be true, false or the path of a cache file")
    }
}

/// A size argument: nil, n (n x n) or [h, w].
private func imageSize(_ call: BuiltinCall, _ name: String) throws -> ImageSize? {
    let range = 1...ImageLimits.maxOutputSide
    switch try call.value(name) {
    case .nil: return nil
    case .number:
        let side = try call.integer(name, in: range)
        return ImageSize(height: side, width: side)
    case .list(let items) where items.items.count == 2:
        let sides = try call.numbers(name).map { side -> Int in
            guard side == side.rounded(), range.contains(Int(exactly: side) ?? 0) else {
                throw BuiltinError("\(call.function.name): argument '\(name)' must hold whole numbers in \(range.lowerBound)...\(range.upperBound), got \(formatNumber(side))")
            }
            return Int(side)
        }
        return ImageSize(height: sides[0], width: sides[1])
    default: throw call.fail(name, expected: "a side n or a list [height, width]")
    }
}
