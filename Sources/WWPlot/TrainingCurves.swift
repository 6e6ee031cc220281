/// Loss and accuracy per epoch, side by side; training curves solid, test (and validation)
/// curves dashed, so over-fitting shows as the two separating.
public struct TrainingHistory: Sendable {
    public var epochs: [Double]
    /// Named loss curves ("train_loss", "test_loss"), each one value per epoch.
    public var losses: [(name: String, values: [Double])]
    public var accuracies: [(name: String, values: [Double])]
    public var title: String?

    public init(epochs: [Double], losses: [(name: String, values: [Double])], accuracies: [(name: String, values: [Double])],
                title: String? = nil) {
        self.epochs = epochs
        self.losses = losses
        self.accuracies = accuracies
        self.title = title
    }
}

extension Figure {
    public static func trainingCurves(_ history: TrainingHistory, options: PlotOptions = PlotOptions()) throws -> Figure {
        guard !history.epochs.isEmpty else { throw PlotError("the training history has no epochs") }
        guard !history.losses.isEmpty || !history.accuracies.isEmpty else {
            throw PlotError("the training history has no loss or accuracy curves")
        }
        for curve in history.losses + history.accuracies where curve.values.count != history.epochs.count {
            throw PlotError("the curve '\(curve.name)' has \(curve.values.count) values for \(history.epochs.count) epochs")
        }
        var panels: [Panel] = []
        for (title, curves, label) in [("loss", history.losses, "loss"), ("accuracy", history.accuracies, "accuracy")] where !curves.isEmpty {
            var panel = Panel(title: title)
            panel.x = Axis(label: "epoch", scale: .linear)
            panel.y = Axis(label: label, scale: title == "loss" ? .automatic : .linear)
            panel.legend = title == "loss" ? .topRight : .bottomRight
            for (c, curve) in curves.enumerated() {
                let lower = curve.name.lowercased()
                let isHeldOut = lower.contains("test") || lower.contains("val")
                panel.series.append(Series(title: curve.name, x: history.epochs, y: curve.values,
                                           style: .linesPoints(.cycling(c), size: 0.7, width: 1.8, dash: isHeldOut ? .dashed : .solid),
                                           color: .fixed(Palette.color(c))))
            }
            panels.append(panel)
        }
        return try Figure(kind: "training_curves", title: history.title, panels: panels, columns: panels.count,
                          size: FigureSize(width: panels.count == 1 ? 640 : 1100, height: 460)).applying(options)
    }
}
