import WWTables
import XCTest
@testable import WWPlot

/// Figures' inputs read from tables: which columns become the heatmap's matrix and labels, and
/// which become loss or accuracy curves.
final class TableInputTests: XCTestCase {
    func testHeatmapTakesNumericColumnsAsTheMatrixAndTheFirstTextColumnAsRowLabels() throws {
        let table = DataTable(records: [
            [("variable", "a"), ("a", 1), ("b", 0.5), ("note", "x")],
            [("variable", "b"), ("a", 0.5), ("b", .null), ("note", "y")],
        ])
        let input = try HeatmapInput(table: table, title: "corr", decimals: 3)
        XCTAssertEqual(input.columnLabels, ["a", "b"])
        XCTAssertEqual(input.rowLabels, ["a", "b"])
        XCTAssertEqual(input.values[0], [1, 0.5])
        XCTAssertEqual(input.values[1][0], 0.5)
        XCTAssertTrue(input.values[1][1].isNaN, "a null is a missing value")
        XCTAssertEqual(input.title, "corr")
        XCTAssertEqual(input.decimals, 3)
    }

    /// Without a text column a square matrix's rows are named like its columns, any other
    /// matrix's rows by number; non-text label cells print as a table shows them.
    func testHeatmapRowLabelsWithoutATextColumn() throws {
        let square = DataTable(records: [[("x", 1), ("y", 2)], [("x", 3), ("y", 4)]])
        XCTAssertEqual(try HeatmapInput(table: square).rowLabels, ["x", "y"])
        let tall = DataTable(records: [[("x", 1)], [("x", 2)], [("x", 3)]])
        XCTAssertEqual(try HeatmapInput(table: tall).rowLabels, ["0", "1", "2"])
        let flagged = DataTable(records: [[("on", true), ("x", 1)], [("on", false), ("x", 2)]])
        let input = try HeatmapInput(table: flagged)
        XCTAssertEqual(input.rowLabels, [Cell.bool(true).compactDescription, Cell.bool(false).compactDescription])
        XCTAssertEqual(input.columnLabels, ["x"])
    }

    func testHeatmapNeedsANumericColumn() {
        let table = DataTable(records: [[("name", "a")]])
        XCTAssertThrowsError(try HeatmapInput(table: table)) {
            XCTAssertEqual($0 as? PlotError, PlotError("the table has no numeric columns to draw"))
        }
    }

    func testTrainingHistorySortsColumnsIntoLossesAndAccuracies() throws {
        let table = DataTable(records: [
            [("epoch", 1), ("train_loss", 1.0), ("Test_Acc", 0.5), ("lr", 0.1), ("val_loss", 1.2)],
            [("epoch", 2), ("train_loss", 0.5), ("Test_Acc", 0.6), ("lr", 0.1), ("val_loss", 0.9)],
        ])
        let history = try TrainingHistory(table: table, title: "run")
        XCTAssertEqual(history.epochs, [1, 2])
        XCTAssertEqual(history.losses.map(\.name), ["train_loss", "val_loss"])
        XCTAssertEqual(history.losses.map(\.values), [[1.0, 0.5], [1.2, 0.9]])
        XCTAssertEqual(history.accuracies.map(\.name), ["Test_Acc"])
        XCTAssertEqual(history.title, "run")
    }

    /// Without an epoch column the epochs are the row numbers from 1; "loss" wins over "acc".
    func testTrainingHistoryEpochsDefaultToRowNumbers() throws {
        let table = DataTable(records: [[("loss_acc", 3)], [("loss_acc", 2)], [("loss_acc", 1)]])
        let history = try TrainingHistory(table: table)
        XCTAssertEqual(history.epochs, [1, 2, 3])
        XCTAssertEqual(history.losses.map(\.name), ["loss_acc"])
        XCTAssertTrue(history.accuracies.isEmpty)
    }

    func testTrainingHistoryErrorsNameTheColumnsAtFault() {
        let noCurves = DataTable(records: [[("epoch", 1), ("lr", 0.1)]])
        XCTAssertThrowsError(try TrainingHistory(table: noCurves)) {
            XCTAssertEqual($0 as? PlotError, PlotError("the history table has no column whose name contains \"loss\" or \"acc\"",
                                                       notes: ["its columns: epoch, lr"]))
            XCTAssertEqual(($0 as? PlotError)?.failureNotes, ["its columns: epoch, lr"])
        }
        let textLoss = DataTable(records: [[("epoch", 1), ("loss", "high")]])
        XCTAssertThrowsError(try TrainingHistory(table: textLoss)) {
            XCTAssertEqual("\($0)", "column 'loss' must hold numbers, but row 0 holds \(Cell.string("high").compactDescription)")
        }
    }

    /// A column the user named that the table lacks: the error lists the columns it has.
    func testUnknownColumnsAreNamedWithTheTablesColumns() {
        let table = DataTable(records: [[("x", 1), ("y", 2)]])
        XCTAssertThrowsError(try table.plotNumbers("z")) {
            XCTAssertEqual($0 as? PlotError, PlotError("the table has no column 'z'", notes: ["its columns: x, y"]))
        }
        XCTAssertThrowsError(try table.plotLabels("z"))
        XCTAssertThrowsError(try ColorEncoding(table: table, column: "z"))
    }

    /// Colour by a numeric column is a colour bar, by anything else categories.
    func testColourEncodingFollowsTheColumnsCells() throws {
        let table = DataTable(records: [[("n", 1), ("kind", "a")], [("n", .null), ("kind", 2)]])
        guard case .values(let values) = try ColorEncoding(table: table, column: "n") else { return XCTFail("n is numeric") }
        XCTAssertEqual(values.first, 1)
        XCTAssertTrue(values[1].isNaN)
        guard case .categories(let labels) = try ColorEncoding(table: table, column: "kind") else { return XCTFail("kind is text") }
        XCTAssertEqual(labels, ["a", Cell.number(2).compactDescription])
    }
}
