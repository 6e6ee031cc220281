import Foundation

/// Every limit of the plotting module, with its reason.
public enum PlotLimits {
    /// Longest a gnuplot run may take. A figure with a million points renders in a few
    /// seconds; anything slower is a hung process, which must end in an error, not a hang.
    public static let renderTimeout: TimeInterval = 60
    /// After a timeout gnuplot gets this long to exit on SIGTERM before it is killed.
    public static let terminationGrace: TimeInterval = 2
    /// Most points (all series of a figure together). gnuplot keeps every point in memory
    /// (about 100 bytes each) and a bigger scatter is unreadable anyway: sample it first.
    public static let maxPoints = 5_000_000
    /// Longest title, label or legend entry kept (characters); longer text is cut with "…".
    /// Text that long cannot fit on a figure, and it bounds the script gnuplot parses.
    public static let maxTextLength = 300
    /// Most bins a histogram may ask for: more bins than pixels draw nothing useful.
    public static let maxBins = 10_000
    /// Most cells per side of a heatmap whose values are printed: above this the numbers
    /// overlap, so larger matrices are drawn without them.
    public static let maxLabelledHeatmapSide = 24
    /// Most rows or columns of a heatmap: a correlation matrix of more variables is unreadable.
    public static let maxHeatmapSide = 500
    /// Most stderr bytes kept from one gnuplot run, for the error message.
    public static let maxErrorBytes = 64 << 10
    /// Ratio max/min of positive data above which an automatic axis becomes logarithmic:
    /// three decades squeeze most points of a linear axis into a corner.
    public static let logScaleRatio = 1e3
    /// Smallest width or height of a figure (pixels): below it the axes, tick labels and title
    /// leave no room for the plot itself.
    public static let minFigureSide = 100
    /// Largest width or height (pixels): a PNG of 10000 x 10000 is already 400 MB in memory
    /// while cairo draws it.
    public static let maxFigureSide = 10_000
    /// Most point labels on one figure: beyond a few hundred they cover each other and the
    /// points; each is one gnuplot command.
    public static let maxPointLabels = 500
    /// Most bars of a bar chart: each has a tick label, and more than this cannot carry a
    /// readable one on any figure size.
    public static let maxBars = 500
    /// Most curves overlaid on one plot: each needs a colour and a legend entry that can be
    /// told apart.
    public static let maxOverlays = 12
}
