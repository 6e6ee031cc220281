/// One image as torchvision's tensor backend sees it: unsigned 8-bit, channels first.
///
/// Augmentations work on bytes, not on the data set's floats, because torchvision's pixel math
/// (truncating blends, 256-bin histograms, bit masks) is defined on uint8 and the specs require
/// matching it exactly. A data set's float32 image in [0, 1] becomes `round(255 x)` here and
/// `byte / 255` on the way back, so an image that came from bytes round-trips unchanged.
public struct Image: Equatable, Sendable {
    public let channels: Int
    public let height: Int
    public let width: Int
    /// `channels * height * width` bytes, plane after plane (C x H x W).
    public var pixels: [UInt8]

    public init(channels: Int, height: Int, width: Int, pixels: [UInt8]) throws {
        guard channels > 0, height > 0, width > 0 else {
            throw AugmentError.invalidImage("an image needs at least one channel, row and column, got \(channels) x \(height) x \(width)")
        }
        guard pixels.count == channels * height * width else {
            throw AugmentError.invalidImage("a \(channels) x \(height) x \(width) image needs \(channels * height * width) bytes, got \(pixels.count)")
        }
        self.channels = channels
        self.height = height
        self.width = width
        self.pixels = pixels
    }

    /// An image of `value` everywhere (zero: black), for outputs that are filled in afterwards.
    public init(channels: Int, height: Int, width: Int, filledWith value: UInt8 = 0) {
        self.channels = max(channels, 1)
        self.height = max(height, 1)
        self.width = max(width, 1)
        pixels = [UInt8](repeating: value, count: self.channels * self.height * self.width)
    }

    /// Pixels in one channel plane.
    public var planeSize: Int { height * width }

    @inline(__always)
    public subscript(channel: Int, row: Int, column: Int) -> UInt8 {
        get { pixels[(channel * height + row) * width + column] }
        set { pixels[(channel * height + row) * width + column] = newValue }
    }

    /// Whether another image can be blended or mixed with this one pixel for pixel.
    public func hasSameShape(as other: Image) -> Bool {
        channels == other.channels && height == other.height && width == other.width
    }
}
