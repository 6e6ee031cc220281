/// An sRGB colour.
public struct PlotColor: Hashable, Sendable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `0xRRGGBB`.
    public init(_ rgb: UInt32) {
        self.init(red: UInt8((rgb >> 16) & 0xFF), green: UInt8((rgb >> 8) & 0xFF), blue: UInt8(rgb & 0xFF))
    }

    /// `#rrggbb`, the form gnuplot's `rgb '…'` takes.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        return "#" + [red, green, blue].map { String([digits[Int($0 >> 4)], digits[Int($0 & 0xF)]]) }.joined()
    }

    /// The 24-bit integer gnuplot's `lc rgb variable` reads from a data column.
    public var packed: Int { Int(red) << 16 | Int(green) << 8 | Int(blue) }

    public static let black = PlotColor(0x000000)
    public static let gray = PlotColor(0x7F7F7F)
    public static let lightGray = PlotColor(0xBBBBBB)
}

/// Colours chosen so that readers with colour-vision deficiencies can tell them apart.
public enum Palette {
    /// Okabe & Ito's eight colours (Color Universal Design), black moved last so the first
    /// series are coloured; yellow comes late because it is faint on white.
    public static let categorical: [PlotColor] = [
        PlotColor(0x0072B2), PlotColor(0xD55E00), PlotColor(0x009E73), PlotColor(0xCC79A7),
        PlotColor(0xE69F00), PlotColor(0x56B4E9), PlotColor(0x000000), PlotColor(0xF0E442),
    ]

    /// The `index`-th categorical colour, cycling.
    public static func color(_ index: Int) -> PlotColor {
        categorical[((index % categorical.count) + categorical.count) % categorical.count]
    }
}

/// A continuous colour scale for values mapped to colour (colour bars, heatmaps).
public enum ColorScale: Sendable {
    /// Perceptually uniform and readable in grey and by colour-blind readers (viridis).
    case sequential
    /// Blue through white to red, centred on zero: correlations and signed differences.
    case diverging

    /// Stops as (position in [0, 1], colour), for `set palette defined`.
    var stops: [(Double, PlotColor)] {
        switch self {
        case .sequential:
            return [(0, PlotColor(0x440154)), (0.25, PlotColor(0x3B528B)), (0.5, PlotColor(0x21918C)),
                    (0.75, PlotColor(0x5EC962)), (1, PlotColor(0xFDE725))]
        case .diverging:
            return [(0, PlotColor(0x2166AC)), (0.25, PlotColor(0x92C5DE)), (0.5, PlotColor(0xF7F7F7)),
                    (0.75, PlotColor(0xF4A582)), (1, PlotColor(0xB2182B))]
        }
    }
}
