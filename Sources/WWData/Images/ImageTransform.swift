/// The colour mode of loaded images, as PIL's `Image.convert` makes it.
public enum ImageMode: String, CaseIterable, Sendable {
    /// Three channels (torchvision's ImageFolder loader: `convert("RGB")`): grey is repeated,
    /// an alpha channel is dropped (not composited), a palette is looked up.
    case rgb
    /// One channel, PIL's "L": ITU-R 601-2 luma `(19595 R + 38470 G + 7471 B + 32768) >> 16`.
    case grey

    public var channels: Int { self == .rgb ? 3 : 1 }

    /// `image` in this mode (interleaved bytes).
    func converted(_ image: DecodedImage) -> DecodedImage {
        let (source, pixelCount) = (image.channels, image.width * image.height)
        if source == channels { return image }
        var out = [UInt8](repeating: 0, count: pixelCount * channels)
        image.pixels.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<pixelCount {
                    let s = i * source
                    switch (source, self) {
                    case (1, .rgb), (2, .rgb):
                        o[3 * i] = p[s]; o[3 * i + 1] = p[s]; o[3 * i + 2] = p[s]
                    case (2, .grey):
                        o[i] = p[s]
                    case (4, .rgb):
                        o[3 * i] = p[s]; o[3 * i + 1] = p[s + 1]; o[3 * i + 2] = p[s + 2]
                    default:  // 3 or 4 channels to grey
                        let luma = 19595 * Int(p[s]) + 38470 * Int(p[s + 1]) + 7471 * Int(p[s + 2]) + 0x8000
                        o[i] = UInt8(luma >> 16)
                    }
                }
            }
        }
        return DecodedImage(width: image.width, height: image.height, channels: channels, pixels: out)
    }
}

/// A height and a width in pixels.
public struct ImageSize: Equatable, Sendable {
    public var height: Int
    public var width: Int

    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }
}

/// How a loaded image is sized: torchvision's `Resize` then `CenterCrop`, on PIL images.
public struct ImageGeometry: Equatable, Sendable {
    public enum Resize: Equatable, Sendable {
        /// Kept as decoded (then every image of a set must have the same size).
        case none
        /// To exactly this size (`Resize((h, w))`).
        case exact(ImageSize)
        /// The shorter side to this length, the other in proportion, truncated
        /// (`Resize(n)`: e.g. 500x375 to 256 gives 341x256).
        case shorterSide(Int)
    }

    public var resize: Resize
    /// The centre crop after resizing (`CenterCrop((h, w))`), or nil.
    public var crop: ImageSize?
    public var filter: PillowResample.Filter

    public init(resize: Resize = .none, crop: ImageSize? = nil, filter: PillowResample.Filter = .bilinear) {
        self.resize = resize
        self.crop = crop
        self.filter = filter
    }

    /// The size every image comes out at, when the geometry fixes it.
    public var fixedOutputSize: ImageSize? {
        if let crop { return crop }
        if case .exact(let size) = resize { return size }
        return nil
    }

    /// The resize target of an image of `size` (itself for none).
    func resized(_ size: ImageSize) -> ImageSize {
        switch resize {
        case .none: return size
        case .exact(let target): return target
        case .shorterSide(let side):
            let (short, long) = size.width <= size.height ? (size.width, size.height) : (size.height, size.width)
            if short == side { return size }
            // Python's int(side * long / short): the quotient in double, truncated.
            let newLong = Int(Double(side * long) / Double(short))
            return size.width <= size.height ? ImageSize(height: newLong, width: side) : ImageSize(height: side, width: newLong)
        }
    }

    /// `image` resized and cropped, then written channels-first as bytes into `output` (which
    /// holds exactly the output's pixels). `path` names the image in errors.
    func render(_ image: DecodedImage, into output: UnsafeMutableBufferPointer<UInt8>, path: String) throws {
        try image.pixels.withUnsafeBufferPointer {
            try render($0, height: image.height, width: image.width, channels: image.channels, into: output, path: path)
        }
    }

    /// ``render(_:into:path:)`` of interleaved pixels in a buffer.
    func render(_ source: UnsafeBufferPointer<UInt8>, height: Int, width: Int, channels c: Int,
                into output: UnsafeMutableBufferPointer<UInt8>, path: String) throws {
        let target = resized(ImageSize(height: height, width: width))
        let pixels = PillowResample.resized(source, height: height, width: width, channels: c,
                                            newHeight: target.height, newWidth: target.width, filter: filter)
        let out = crop ?? target
        guard out.height <= target.height, out.width <= target.width else {
            throw DataFileError(path, "is \(target.width)x\(target.height) after resizing, smaller than the crop \(out.width)x\(out.height) (width x height)")
        }
        // torchvision's CenterCrop: offsets int(round((size - crop) / 2)), halves to even.
        let top = Int((Double(target.height - out.height) / 2).rounded(.toNearestOrEven))
        let left = Int((Double(target.width - out.width) / 2).rounded(.toNearestOrEven))
        precondition(output.count == c * out.height * out.width, "render: output buffer of the wrong size")
        pixels.withUnsafeBufferPointer { p in
            for k in 0..<c {
                for i in 0..<out.height {
                    let row = ((i + top) * target.width + left) * c + k
                    let base = (k * out.height + i) * out.width
                    for j in 0..<out.width { output[base + j] = p[row + j * c] }
                }
            }
        }
    }
}
