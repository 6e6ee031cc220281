import WWInterpreter
import WWPlot
import WWTables

/// Reading plot inputs from language values: table columns by name, numbers and labels.
extension BuiltinCall {
    /// The table argument `i`, or an error naming it.
    func plotTable(_ name: String) throws -> DataTable {
        try table(name).table
    }

    /// The numbers of column `name` (argument `i` names it); nil cells become NaN (missing).
    func numberColumn(_ table: DataTable, _ name: String) throws -> (name: String, values: [Double]) {
        let name = try string(name)
        return (name, try table.plotNumbers(name))
    }

    func optionalNumberColumn(_ table: DataTable, _ name: String) throws -> (name: String, values: [Double])? {
        if case .nil = try value(name) { return nil }
        return try numberColumn(table, name)
    }

    /// Column `name` as category labels (numbers and booleans as they print).
    func optionalLabelColumn(_ table: DataTable, _ name: String) throws -> (name: String, values: [String])? {
        guard let name = try optionalString(name) else { return nil }
        return (name, try table.plotLabels(name))
    }

    /// A list (or range, or 1-D tensor) of numbers, for arguments such as eigenvalues.
    func numberList(_ name: String) throws -> [Double] {
        if case .object(let object) = try value(name), let tensor = object as? TensorObject {
            return tensor.tensor.doubleValues
        }
        return try numbers(name)
    }

    func optionalNumberList(_ name: String) throws -> [Double]? {
        if case .nil = try value(name) { return nil }
        return try numberList(name)
    }
}

/// The options the plot built-ins share (WWPlot's `PlotOptions`). A built-in declares the ones
/// it takes in its signature, reads them all with `plotOptions()`, and ends its doc with their
/// lines from `doc(_:)`, so every plot words an option the same way.
///
/// The figure's size is `figsize`, not `size`: `scatter` already names its marker-size column
/// `size`, and `figsize` is what matplotlib users reach for.
enum PlotOption: String, CaseIterable {
    case logx, logy, xlim, ylim, figsize, overlay

    var line: String {
        switch self {
        case .logx:
            return "`logx`: true draws the x axis logarithmically, false linearly (the default is in the signature; nil chooses log "
                + "when every value is positive and they span more than three decades). On a log axis the plotted values must be "
                + "positive: an error names the first that is not (only empty histogram bins and overlay points at or below 0 are "
                + "left out instead)."
        case .logy:
            return "`logy`: the same for the y axis."
        case .xlim:
            return "`xlim: [lower, upper]`: the x axis' range, finite with lower < upper, and positive on a log axis."
        case .ylim:
            return "`ylim: [lower, upper]`: the y axis' range, likewise."
        case .figsize:
            return "`figsize: [width, height]`: the figure's size in pixels, each from \(PlotLimits.minFigureSide) to "
                + "\(PlotLimits.maxFigureSide) (PDF: 6 inches per 640 pixels)."
        case .overlay:
            return "`overlay: {x: [...], y: [...], label: \"...\"}`, or a list of up to \(PlotLimits.maxOverlays) such records: "
                + "curves drawn over the plot through their points (nan leaves a gap), such as a density over a density histogram; "
                + "`label` names one in the legend."
        }
    }

    /// The doc lines of `options`, as a list under an "Options" line.
    static func doc(_ options: [PlotOption]) -> String {
        "\n\nShared plot options:\n" + options.map { "- " + $0.line }.joined(separator: "\n")
    }

    static let axes: [PlotOption] = [.logx, .logy, .xlim, .ylim]
}

extension BuiltinCall {
    /// The shared plot options this built-in declares, checked for shape here and for their
    /// values by WWPlot (`Figure.applying`).
    func plotOptions() throws -> PlotOptions {
        var options = PlotOptions()
        if declares(PlotOption.logx.rawValue) { options.logX = try optionalFlag(PlotOption.logx.rawValue) }
        if declares(PlotOption.logy.rawValue) { options.logY = try optionalFlag(PlotOption.logy.rawValue) }
        if declares(PlotOption.xlim.rawValue) { options.xLimits = try axisLimits(PlotOption.xlim.rawValue) }
        if declares(PlotOption.ylim.rawValue) { options.yLimits = try axisLimits(PlotOption.ylim.rawValue) }
        if declares(PlotOption.figsize.rawValue) { options.size = try figureSize(PlotOption.figsize.rawValue) }
        if declares(PlotOption.overlay.rawValue) { options.overlays = try curves(PlotOption.overlay.rawValue) }
        return options
    }

    private func optionalFlag(_ name: String) throws -> Bool? {
        try isNil(name) ? nil : bool(name)
    }

    /// Two numbers, `[lower, upper]`.
    private func axisLimits(_ name: String) throws -> AxisLimits? {
        if try isNil(name) { return nil }
        guard case .list = try value(name) else { throw fail(name, expected: "a list of two numbers [lower, upper]") }
        let pair = try numbers(name)
        guard pair.count == 2 else { throw fail(name, expected: "a list of two numbers [lower, upper]") }
        return AxisLimits(pair[0], pair[1])
    }

    /// Two whole numbers of pixels, `[width, height]`.
    private func figureSize(_ name: String) throws -> FigureSize? {
        if try isNil(name) { return nil }
        guard case .list = try value(name) else { throw fail(name, expected: "a list [width, height] of whole pixels") }
        let pair = try numbers(name)
        guard pair.count == 2, pair.allSatisfy({ $0 == $0.rounded() && abs($0) <= Double(Int32.max) }) else {
            throw fail(name, expected: "a list [width, height] of whole pixels")
        }
        return FigureSize(width: Int(pair[0]), height: Int(pair[1]))
    }

    /// A curve record `{x, y, label}`, or a list of them.
    private func curves(_ name: String) throws -> [Curve] {
        let expected = "a record {x: [...], y: [...], label: \"...\"} or a list of such records"
        let records: [RecordObject]
        switch try value(name) {
        case .nil: return []
        case .record(let record): records = [record]
        case .list(let list):
            records = try list.items.map { item in
                guard case .record(let record) = item else { throw fail(name, expected: expected) }
                return record
            }
        default: throw fail(name, expected: expected)
        }
        return try records.enumerated().map { index, record in
            let place = records.count == 1 ? "argument '\(name)'" : "argument '\(name)', curve \(index + 1),"
            if let unknown = record.keys.first(where: { !["x", "y", "label"].contains($0) }) {
                throw BuiltinError("\(place) has a field '\(unknown)'; a curve has x, y and label")
            }
            guard let x = record.get("x"), let y = record.get("y") else { throw BuiltinError("\(place) needs the fields x and y") }
            var label: String?
            switch record.get("label") ?? .nil {
            case .nil: label = nil
            case .string(let text): label = text
            case let other: throw BuiltinError("\(place) has a label that is not a string: \(describeForError(other))")
            }
            return Curve(x: try plotNumbers(x, "\(place) field x"), y: try plotNumbers(y, "\(place) field y"), label: label)
        }
    }

    /// A fitted power law: a record with alpha and xmin (fit_powerlaw's, fit_powerlaw_package's,
    /// or `{alpha, xmin}`), or the `fit` object inside fit_powerlaw_package's record.
    func powerLawLine(_ name: String) throws -> PowerLawLine? {
        let expected = "a power-law fit: a record with alpha and xmin (from fit_powerlaw or fit_powerlaw_package, or {alpha, xmin})"
        let field: (String) -> Value?
        switch try value(name) {
        case .nil: return nil
        case .record(let record): field = record.get
        case .object(let object): field = object.field
        default: throw fail(name, expected: expected)
        }
        if case .string("failed")? = field("status") {
            var reason = ""
            if case .string(let text)? = field("reason") { reason = ": \(text)" }
            throw BuiltinError("argument '\(name)' is a failed fit\(reason)")
        }
        guard case .number(let alpha)? = field("alpha"), case .number(let xmin)? = field("xmin") else {
            throw fail(name, expected: expected)
        }
        return PowerLawLine(alpha: alpha, xmin: xmin)
    }

    /// Texts from a list (numbers and booleans as they display, nil as ""), one per point or bar.
    func texts(_ name: String) throws -> [String] {
        try elements(name).map { item in
            switch item {
            case .string(let text): return text
            case .nil: return ""
            case .number, .bool: return ValueFormatter.display(item)
            default: throw BuiltinError("argument '\(name)' must hold texts, got \(describeForError(item))")
            }
        }
    }
}

/// Numbers from a list, range or 1-D tensor held in a record field; nil is a missing value (NaN).
private func plotNumbers(_ value: Value, _ place: String) throws -> [Double] {
    if case .object(let object) = value, let tensor = object as? TensorObject {
        guard tensor.tensor.shape.count == 1 else { throw BuiltinError("\(place) must be a list or a 1-D tensor, got shape \(tensor.tensor.shape)") }
        return tensor.tensor.doubleValues
    }
    switch value {
    case .range(let range) where range.count > PlotLimits.maxPoints:
        throw BuiltinError("\(place) is a range of \(range.count) numbers, more than the \(PlotLimits.maxPoints) points a figure may hold")
    case .list, .range: break
    default: throw BuiltinError("\(place) must be a list of numbers, got \(describeForError(value))")
    }
    let items = iterate(value) ?? []
    return try items.map { item in
        switch item {
        case .number(let x): return x
        case .nil: return .nan
        default: throw BuiltinError("\(place) must hold numbers, got \(describeForError(item))")
        }
    }
}
