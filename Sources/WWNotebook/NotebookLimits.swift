/// Every limit of the notebook runner, with its reason.
public enum NotebookLimits {
    /// Output bytes of one cell kept for the report and for `#=>` comparison. A runaway `print`
    /// loop would otherwise make a report of gigabytes that no browser opens; the rest is still
    /// echoed to the terminal, and the report says how much was left out.
    public static let maxCellOutputBytes = 1 << 20
    /// Largest figure file embedded into index.html as a data URI (base64 grows it by a third).
    /// Bigger figures are linked instead, so the report stays quick to open.
    public static let maxEmbeddedFigureBytes = 16 << 20
    /// Rows of a displayed table shown in a report, half from the top and half from the bottom,
    /// with a count of the rows between: about a screen of rows, as Quarto pages them; the
    /// whole table is the notebook's to write (`write_csv`).
    public static let maxReportTableRows = 20
    /// Relative tolerance for numbers in `#=>` comparisons: BLAS kernels for different CPUs
    /// may sum in a different order and change the last bits of a result, while any real change
    /// in a notebook's numbers is far larger than one part in a billion.
    public static let relativeTolerance = 1e-9
    /// Expected and actual lines quoted in one mismatch report; longer outputs are summarised.
    public static let maxQuotedMismatchLines = 12
    /// Largest report manifest read back (`.wwn-report.json`): it lists a report's own file
    /// names, a few kilobytes; anything bigger is not a manifest wwn wrote.
    public static let maxManifestBytes = 1 << 20
    /// Largest `.ipynb` file `wwn convert` reads (256 MiB). Its outputs are dropped, but a
    /// notebook that embeds many figures can still be tens of MB; a larger file is refused before
    /// it is read rather than parsed as JSON into several times its size.
    public static let maxJupyterFileBytes = 256 << 20
}
