/// The EXIF orientation tag (0x0112) of a JPEG or PNG and the turn or flip it asks for, as PIL's
/// `ImageOps.exif_transpose` applies it. Cameras store pixels as the sensor read them and
/// record how the camera was held; a viewer (and torchvision, if the caller asks) turns them.
public enum ExifOrientation {
    /// The orientation 1...8 in the first Exif APP1 segment before the image data, or 1
    /// (upright) when there is none or it cannot be read: a damaged tag is not worth refusing
    /// an image whose pixels decode.
    static func ofJPEG(_ bytes: [UInt8]) -> Int {
        var offset = 2  // after SOI
        while offset + 4 <= bytes.count, bytes[offset] == 0xFF {
            let marker = bytes[offset + 1]
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) || marker == 0xFF {
                offset += marker == 0xFF ? 1 : 2
                continue
            }
            if marker == 0xDA || marker == 0xD9 { break }  // image data or end: no Exif before it
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length >= 2, offset + 2 + length <= bytes.count else { break }
            let body = (offset + 4)..<(offset + 2 + length)
            if marker == 0xE1, body.count > 6, Array(bytes[body.lowerBound..<(body.lowerBound + 6)]) == [0x45, 0x78, 0x69, 0x66, 0, 0] {
                return orientation(inTIFF: Array(bytes[(body.lowerBound + 6)..<body.upperBound])) ?? 1
            }
            offset += 2 + length
        }
        return 1
    }

    /// The orientation in the first `eXIf` chunk of a PNG, before or after the image data (PIL
    /// reads both: libpng's own test image carries one after IDAT), or 1 when there is none or
    /// it cannot be read. Chunks are walked by their lengths, each checked against the bytes.
    static func ofPNG(_ bytes: [UInt8]) -> Int {
        var offset = 8  // after the signature
        while offset + 8 <= bytes.count {
            let length = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let type = bytes[(offset + 4)..<(offset + 8)]
            let body = (offset + 8)..<(offset + 8 + length)
            guard body.upperBound + 4 <= bytes.count else { break }
            if type.elementsEqual("eXIf".utf8) { return orientation(inTIFF: Array(bytes[body])) ?? 1 }
            if type.elementsEqual("IEND".utf8) { break }
            offset = body.upperBound + 4  // the CRC
        }
        return 1
    }

    /// The orientation entry of IFD0 of a TIFF structure (the body of an Exif segment).
    static func orientation(inTIFF tiff: [UInt8]) -> Int? {
        guard tiff.count >= 8 else { return nil }
        let littleEndian: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): littleEndian = true
        case (0x4D, 0x4D): littleEndian = false
        default: return nil
        }
        func read(_ at: Int, _ size: Int) -> Int? {
            guard at >= 0, at + size <= tiff.count else { return nil }
            var value = 0
            for k in 0..<size { value |= Int(tiff[at + k]) << (8 * (littleEndian ? k : size - 1 - k)) }
            return value
        }
        guard read(2, 2) == 42, let ifd = read(4, 4), let entries = read(ifd, 2) else { return nil }
        for e in 0..<entries {
            let entry = ifd + 2 + 12 * e
            guard let tag = read(entry, 2) else { return nil }
            // Type 3 (SHORT), count 1: the value sits in the first two bytes of the value field.
            if tag == 0x0112, read(entry + 2, 2) == 3, let value = read(entry + 8, 2) {
                return (1...8).contains(value) ? value : nil
            }
        }
        return nil
    }

    /// `image` turned upright for `orientation` (PIL: 2 mirror, 3 rotate 180, 4 flip, 5
    /// transpose, 6 rotate 90 clockwise, 7 transverse, 8 rotate 90 counter-clockwise).
    public static func applied(_ orientation: Int, to image: DecodedImage) -> DecodedImage {
        guard (2...8).contains(orientation) else { return image }
        let (h, w, c) = (image.height, image.width, image.channels)
        let swaps = orientation >= 5
        let (outH, outW) = swaps ? (w, h) : (h, w)
        var out = [UInt8](repeating: 0, count: image.pixels.count)
        image.pixels.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for i in 0..<outH {
                    for j in 0..<outW {
                        // The source pixel (y, x) of output pixel (i, j).
                        let (y, x): (Int, Int)
                        switch orientation {
                        case 2: (y, x) = (i, w - 1 - j)
                        case 3: (y, x) = (h - 1 - i, w - 1 - j)
                        case 4: (y, x) = (h - 1 - i, j)
                        case 5: (y, x) = (j, i)
                        case 6: (y, x) = (h - 1 - j, i)
                        case 7: (y, x) = (h - 1 - j, w - 1 - i)
                        default: (y, x) = (j, w - 1 - i)
                        }
                        for k in 0..<c { target[(i * outW + j) * c + k] = source[(y * w + x) * c + k] }
                    }
                }
            }
        }
        return DecodedImage(width: outW, height: outH, channels: c, pixels: out)
    }
}
