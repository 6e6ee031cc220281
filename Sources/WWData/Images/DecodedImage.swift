import CImageCodecs
import Foundation
import WWBase

/// One decoded image: `height` rows of `width` pixels of `channels` interleaved bytes
/// (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA), the layout both codecs produce and PIL holds.
public struct DecodedImage: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var channels: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }
}

/// The file formats read, recognised by their first bytes (an extension can lie).
public enum ImageFormat: String, Sendable {
    case png, jpeg

    static func sniff(_ bytes: [UInt8]) -> ImageFormat? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }

    /// The name of another image format, from its signature, for the error message.
    static func otherName(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: Array("GIF8".utf8)) { return "GIF" }
        if bytes.starts(with: Array("BM".utf8)) { return "BMP" }
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return "TIFF" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return "WebP" }
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "P"), (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[1]) { return "PNM" }
        return nil
    }
}

/// A pixel buffer reused from image to image by one decoding worker (see `wwn_image`): a load
/// allocates each worker's pixel memory once instead of per image. perf on 5,000 320x240 JPEGs:
/// the kernel's page-fault and zeroing work for fresh 230 KB buffers was 28% of the samples.
/// Used by one thread at a time.
final class ImageScratch: @unchecked Sendable {
    var image = wwn_image()

    deinit { wwn_image_free(&image) }

    /// The pixels of the last successful decode.
    var pixels: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: image.pixels, count: Int(image.width) * Int(image.height) * Int(image.channels))
    }
}

/// Decoding through libpng and libjpeg-turbo (the C shim CImageCodecs turns their fatal errors
/// into statuses), with every failure an error naming the file.
public enum ImageDecoder {
    /// Longest message the codecs may write (libjpeg's own are under 200 bytes).
    static let messageBytes = 512

    /// The image in `path`, and its EXIF orientation (1 when it has none).
    public static func decode(file path: String, maxPixels: Int = ImageLimits.maxImagePixels) throws -> (image: DecodedImage, orientation: Int) {
        let bytes = try ImageFileBytes.read(path, limit: ImageLimits.maxImageFileBytes)
        return try decode(bytes, path: path, maxPixels: maxPixels)
    }

    /// The image held in `bytes` (read from `path`, which errors name).
    public static func decode(_ bytes: [UInt8], path: String, maxPixels: Int = ImageLimits.maxImagePixels) throws -> (image: DecodedImage, orientation: Int) {
        let scratch = ImageScratch()
        let orientation = try decode(bytes, path: path, maxPixels: maxPixels, into: scratch)
        let image = scratch.image
        let decoded = DecodedImage(width: Int(image.width), height: Int(image.height), channels: Int(image.channels), pixels: Array(scratch.pixels))
        return (decoded, orientation)
    }

    /// Decodes `bytes` into `scratch` (its pixels valid until its next decode); returns the
    /// EXIF orientation.
    static func decode(_ bytes: [UInt8], path: String, maxPixels: Int, into scratch: ImageScratch) throws -> Int {
        guard let format = ImageFormat.sniff(bytes) else {
            if bytes.isEmpty { throw DataFileError(path, "the file is empty, not an image") }
            if let other = ImageFormat.otherName(bytes) {
                throw DataFileError(path, "is a \(other) image; only PNG and JPEG are read (convert it, e.g. with PIL or ImageMagick)")
            }
            throw DataFileError(path, "is not a PNG or JPEG image (its first bytes are neither signature)")
        }
        var message = [CChar](repeating: 0, count: messageBytes)
        let status = bytes.withUnsafeBufferPointer { buffer in
            message.withUnsafeMutableBufferPointer { text in
                switch format {
                case .png: return wwn_png_decode(buffer.baseAddress, buffer.count, UInt(maxPixels), &scratch.image, text.baseAddress, text.count)
                case .jpeg: return wwn_jpeg_decode(buffer.baseAddress, buffer.count, UInt(maxPixels), &scratch.image, text.baseAddress, text.count)
                }
            }
        }
        let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let name = format == .png ? "PNG" : "JPEG"
        switch status {
        case WWN_IMAGE_OK: break
        case WWN_IMAGE_TRUNCATED: throw DataFileError(path, "the \(name) data ends before the image does: the file is truncated")
        case WWN_IMAGE_TOO_LARGE: throw DataFileError(path, "\(reason) (ImageLimits.maxImagePixels, PIL's decompression-bomb limit): refused before decoding")
        case WWN_IMAGE_UNSUPPORTED: throw DataFileError(path, reason)
        case WWN_IMAGE_NO_MEMORY: throw DataFileError(path, "could not be decoded: \(reason)")
        default: throw DataFileError(path, "is not a valid \(name) image (\(reason.isEmpty ? "corrupt data" : reason))")
        }
        return format == .jpeg ? ExifOrientation.ofJPEG(bytes) : ExifOrientation.ofPNG(bytes)
    }
}
