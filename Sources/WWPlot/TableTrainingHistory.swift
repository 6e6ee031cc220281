import WWTables

extension TrainingHistory {
    /// The curves of a training history table (what `train` returns): columns whose names
    /// contain "loss" are losses, those containing "acc" accuracies (case ignored, "loss" first,
    /// so "loss_acc" is a loss), against the `epoch` column or, without one, the row number.
    /// Other columns (a learning rate, a time) are not curves and are left out.
    /// - Throws: ``PlotError`` for a curve or epoch column that is not numeric, or when no
    ///   column is a curve (its notes list the columns).
    public init(table: DataTable, title: String? = nil) throws {
        let epochs = table.hasColumn(named: "epoch") ? try table.plotNumbers("epoch") : (0..<table.rowCount).map { Double($0 + 1) }
        var losses: [(name: String, values: [Double])] = []
        var accuracies: [(name: String, values: [Double])] = []
        for name in table.columnNames where name != "epoch" {
            let lower = name.lowercased()
            if lower.contains("loss") { losses.append((name, try table.plotNumbers(name))) }
            else if lower.contains("acc") { accuracies.append((name, try table.plotNumbers(name))) }
        }
        guard !losses.isEmpty || !accuracies.isEmpty else {
            throw PlotError("the history table has no column whose name contains \"loss\" or \"acc\"",
                            notes: ["its columns: \(table.columnNames.joined(separator: ", "))"])
        }
        self.init(epochs: epochs, losses: losses, accuracies: accuracies, title: title)
    }
}
