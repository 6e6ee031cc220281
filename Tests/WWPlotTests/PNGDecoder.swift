import Foundation

/// A minimal PNG reader for tests: enough to check that a figure is a real image (its size,
/// and that it is not one flat colour). Supports 8-bit greyscale, RGB, palette and RGBA,
/// non-interlaced, which is what cairo writes. Decoding is done here, not by the tool that drew
/// the image, so a broken renderer cannot vouch for itself.
struct PNGImage {
    let width: Int
    let height: Int
    /// One packed 0xRRGGBBAA per pixel, row by row, for the rows decoded.
    let pixels: [UInt32]
    /// Rows decoded: all, or the first `rowLimit` (decoding in a debug build is slow, and the
    /// top of a figure, with its title, axes and data, already tells a real image from a blank).
    let decodedRows: Int

    struct DecodeError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// Width and height from the header alone, for tests that only need to know a PNG was written.
    static func size(of data: Data) throws -> (width: Int, height: Int) {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0] == 0x89, bytes[1] == 0x50, String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR" else {
            throw DecodeError("not a PNG file")
        }
        func be32(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
        return (be32(16), be32(20))
    }

    init(data: Data, rowLimit: Int = .max) throws {
        let bytes = [UInt8](data)
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count > 8, Array(bytes[0..<8]) == signature else { throw DecodeError("not a PNG file") }
        var offset = 8
        var width = 0, height = 0, bitDepth = 0, colorType = 0, interlace = 0
        var palette: [UInt32] = []
        var compressed: [UInt8] = []
        func be32(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
        while offset + 8 <= bytes.count {
            let length = be32(offset)
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let start = offset + 8
            guard start + length + 4 <= bytes.count else { throw DecodeError("truncated chunk \(type)") }
            let body = Array(bytes[start..<(start + length)])
            switch type {
            case "IHDR":
                width = be32(start); height = be32(start + 4)
                bitDepth = Int(body[8]); colorType = Int(body[9]); interlace = Int(body[12])
            case "PLTE":
                palette = stride(from: 0, to: body.count - 2, by: 3).map { Self.rgba(body[$0], body[$0 + 1], body[$0 + 2], 0xFF) }
            case "IDAT":
                compressed += body
            default: break
            }
            offset = start + length + 4
            if type == "IEND" { break }
        }
        guard width > 0, height > 0 else { throw DecodeError("no image header") }
        guard bitDepth == 8, interlace == 0 else { throw DecodeError("unsupported bit depth \(bitDepth) or interlace") }
        let channels: Int
        switch colorType {
        case 0: channels = 1
        case 2: channels = 3
        case 3: channels = 1
        case 4: channels = 2
        case 6: channels = 4
        default: throw DecodeError("unsupported colour type \(colorType)")
        }
        guard compressed.count > 2 else { throw DecodeError("no image data") }
        var inflater = Inflater(Array(compressed.dropFirst(2)))
        let stride = width * channels
        let rows = min(height, rowLimit)
        let raw = try inflater.inflate(limit: rows * (stride + 1))
        guard raw.count >= rows * (stride + 1) else { throw DecodeError("image data too short") }
        var previous = [UInt8](repeating: 0, count: stride)
        var pixels: [UInt32] = []
        pixels.reserveCapacity(width * height)
        for row in 0..<rows {
            let base = row * (stride + 1)
            let filter = raw[base]
            var line = Array(raw[(base + 1)...(base + stride)])
            for i in 0..<stride {
                let a = i >= channels ? Int(line[i - channels]) : 0
                let b = Int(previous[i])
                let c = i >= channels ? Int(previous[i - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let (pa, pb, pc) = (Swift.abs(p - a), Swift.abs(p - b), Swift.abs(p - c))
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw DecodeError("bad filter \(filter)")
                }
                line[i] = UInt8((Int(line[i]) + predictor) & 0xFF)
            }
            for x in 0..<width {
                let p = x * channels
                switch colorType {
                case 0: pixels.append(Self.rgba(line[p], line[p], line[p], 0xFF))
                case 2: pixels.append(Self.rgba(line[p], line[p + 1], line[p + 2], 0xFF))
                case 3: pixels.append(Int(line[p]) < palette.count ? palette[Int(line[p])] : 0)
                case 4: pixels.append(Self.rgba(line[p], line[p], line[p], line[p + 1]))
                default: pixels.append(Self.rgba(line[p], line[p + 1], line[p + 2], line[p + 3]))
                }
            }
            previous = line
        }
        self.width = width
        self.height = height
        self.pixels = pixels
        self.decodedRows = rows
    }

    var distinctColors: Int { Set(pixels).count }

    private static func rgba(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ a: UInt8) -> UInt32 {
        let red = UInt32(r) << 24, green = UInt32(g) << 16, blue = UInt32(b) << 8
        return red | green | blue | UInt32(a)
    }
}

/// DEFLATE (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks.
private struct Inflater {
    private let input: [UInt8]
    private var position = 0
    private var bitBuffer = 0
    private var bitCount = 0
    private var output: [UInt8] = []
    private var limit = Int.max

    init(_ input: [UInt8]) { self.input = input }

    private mutating func bits(_ n: Int) throws -> Int {
        while bitCount < n {
            guard position < input.count else { throw PNGImage.DecodeError("deflate stream ends early") }
            bitBuffer |= Int(input[position]) << bitCount
            position += 1
            bitCount += 8
        }
        let value = bitBuffer & ((1 << n) - 1)
        bitBuffer >>= n
        bitCount -= n
        return value
    }

    /// Canonical Huffman decoding table: counts per length and symbols in code order.
    private struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []
        init(lengths: [Int]) {
            for l in lengths { counts[l] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for l in 1..<16 { offsets[l] = offsets[l - 1] + counts[l - 1] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (s, l) in lengths.enumerated() where l != 0 {
                symbols[offsets[l]] = s
                offsets[l] += 1
            }
        }
    }

    private mutating func decode(_ h: Huffman) throws -> Int {
        var code = 0, first = 0, index = 0
        for length in 1..<16 {
            code |= try bits(1)
            let count = h.counts[length]
            if code - count < first { return h.symbols[index + (code - first)] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw PNGImage.DecodeError("bad Huffman code")
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                                       4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    /// Decodes until the end of the stream or until `limit` bytes are out.
    mutating func inflate(limit: Int) throws -> [UInt8] {
        self.limit = limit
        var last = 0
        repeat {
            last = try bits(1)
            switch try bits(2) {
            case 0:
                bitBuffer = 0; bitCount = 0
                guard position + 4 <= input.count else { throw PNGImage.DecodeError("stored block header truncated") }
                let length = Int(input[position]) | Int(input[position + 1]) << 8
                position += 4
                guard position + length <= input.count else { throw PNGImage.DecodeError("stored block truncated") }
                output += input[position..<(position + length)]
                position += length
            case 1:
                let literal = Huffman(lengths: [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112)
                                      + [Int](repeating: 7, count: 24) + [Int](repeating: 8, count: 8))
                try block(literal, Huffman(lengths: [Int](repeating: 5, count: 30)))
            case 2:
                let literalCount = try bits(5) + 257, distanceCount = try bits(5) + 1, codeCount = try bits(4) + 4
                let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
                var codeLengths = [Int](repeating: 0, count: 19)
                for i in 0..<codeCount { codeLengths[order[i]] = try bits(3) }
                let lengthCode = Huffman(lengths: codeLengths)
                var lengths: [Int] = []
                while lengths.count < literalCount + distanceCount {
                    let symbol = try decode(lengthCode)
                    switch symbol {
                    case 0..<16: lengths.append(symbol)
                    case 16:
                        guard let previous = lengths.last else { throw PNGImage.DecodeError("repeat with no previous length") }
                        lengths += [Int](repeating: previous, count: try bits(2) + 3)
                    case 17: lengths += [Int](repeating: 0, count: try bits(3) + 3)
                    default: lengths += [Int](repeating: 0, count: try bits(7) + 11)
                    }
                }
                try block(Huffman(lengths: Array(lengths[0..<literalCount])),
                          Huffman(lengths: Array(lengths[literalCount..<(literalCount + distanceCount)])))
            default:
                throw PNGImage.DecodeError("bad block type")
            }
        } while last == 0 && output.count < limit
        return output
    }

    private mutating func block(_ literal: Huffman, _ distance: Huffman) throws {
        while output.count < limit {
            let symbol = try decode(literal)
            if symbol < 256 {
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let index = symbol - 257
                guard index < Self.lengthBase.count else { throw PNGImage.DecodeError("bad length symbol") }
                let length = Self.lengthBase[index] + (try bits(Self.lengthExtra[index]))
                let d = try decode(distance)
                guard d < Self.distanceBase.count else { throw PNGImage.DecodeError("bad distance symbol") }
                let back = Self.distanceBase[d] + (try bits(Self.distanceExtra[d]))
                guard back <= output.count else { throw PNGImage.DecodeError("distance too far back") }
                let start = output.count - back
                for i in 0..<length { output.append(output[start + i]) }
            }
        }
    }
}
