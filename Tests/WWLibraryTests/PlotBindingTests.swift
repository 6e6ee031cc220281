import WWInterpreter
import WWLibrary
import WWPlot
import XCTest

/// Figures built through the language, checked as WWPlot values: what a `#=>` line cannot see.
final class PlotBindingTests: XCTestCase {
    private func run(_ program: String) throws -> Interpreter {
        let interpreter = Interpreter(registry: Library.registry, output: CapturedOutput())
        _ = try interpreter.run(program, name: "plots.wwn")
        return interpreter
    }

    private func figure(_ interpreter: Interpreter, _ name: String) throws -> Figure {
        guard case .object(let object)? = interpreter.globalValue(named: name), let figure = object as? FigureObject else {
            throw XCTSkip("\(name) is not a figure")
        }
        return figure.figure
    }

    private func number(_ interpreter: Interpreter, _ expression: String) throws -> Double {
        guard case .number(let x) = try interpreter.run(expression, name: "value.wwn") else { throw XCTSkip("\(expression) is not a number") }
        return x
    }

    /// plot_layer's MP panel and mp_fit describe one fit in the same units: the panel names
    /// mp_fit's sigma_mp, and the curve it draws over the eigenvalues spans exactly mp_fit's
    /// bulk_min to bulk_max, with the bulk edge at bulk_max.
    func testPlotLayerMarchenkoPasturPanelAgreesWithMpFit() throws {
        let interpreter = try run("""
            let W = random_matrix(300, 100, seed: 4)
            let fit = mp_fit(W)
            let f = plot_layer(W, mp_fit: true)
            """)
        let panel = try XCTUnwrap(try figure(interpreter, "f").panels.last)
        let sigma = try number(interpreter, "fit.sigma_mp")
        XCTAssertEqual(panel.title, "MP fit as mp_fit: σ_mp = \(String(format: "%.3g", sigma)) on λ·W_scale², Q = 3")
        let curve = try XCTUnwrap(panel.series.first { $0.title == "MP density" })
        let bulkMin = try number(interpreter, "fit.bulk_min"), bulkMax = try number(interpreter, "fit.bulk_max")
        XCTAssertEqual(try XCTUnwrap(curve.x.first), bulkMin, accuracy: 1e-9 * bulkMax)
        XCTAssertEqual(try XCTUnwrap(curve.x.last), bulkMax, accuracy: 1e-9 * bulkMax)
        XCTAssertEqual(panel.referenceLines.first?.value ?? .nan, bulkMax, accuracy: 1e-12 * bulkMax)
    }

    /// plot_esd with mp_fit's sigma_mp and W_scale draws the same curve as plot_layer.
    func testPlotEsdTakesMpFitsSigmaWithItsScale() throws {
        let interpreter = try run("""
            let W = random_matrix(300, 100, seed: 4)
            let fit = mp_fit(W)
            let evals = esd(W)
            let p = fit_powerlaw(evals)
            let f = plot_esd(evals, alpha: p.alpha, xmin: p.xmin, D: p.D, sigma: fit.sigma_mp, Q: fit.Q, W_scale: fit.W_scale)
            """)
        let panel = try XCTUnwrap(try figure(interpreter, "f").panels.last)
        let curve = try XCTUnwrap(panel.series.first { $0.title == "MP density" })
        let bulkMax = try number(interpreter, "fit.bulk_max")
        XCTAssertEqual(try XCTUnwrap(curve.x.last), bulkMax, accuracy: 1e-9 * bulkMax)
        XCTAssertTrue(panel.title?.hasPrefix("MP fit as mp_fit: σ_mp = ") == true, panel.title ?? "")
    }

    /// The shared options arrive in the figure: the same words on every built-in that takes them.
    func testSharedOptionsReachTheFigure() throws {
        let interpreter = try run("""
            let t = table([{x: 1, y: 2}, {x: 10, y: 30}])
            let s = scatter(t, x: "x", y: "y", logx: true, logy: false, xlim: [0.5, 20], figsize: [500, 400], labels: ["a", "b"])
            let h = histogram([1, 2, 3], density: true, overlay: {x: [1, 2], y: [0.5, 0.5], label: "flat"})
            let c = ccdf([1, 2, 3, 4], fit: {alpha: 2.5, xmin: 2})
            """)
        let scatter = try figure(interpreter, "s")
        XCTAssertEqual(scatter.panels[0].x.scale, .log)
        XCTAssertEqual(scatter.panels[0].y.scale, .linear)
        XCTAssertEqual(scatter.panels[0].x.lower, 0.5)
        XCTAssertEqual(scatter.panels[0].x.upper, 20)
        XCTAssertEqual(scatter.size, FigureSize(width: 500, height: 400))
        XCTAssertEqual(scatter.panels[0].pointLabels.map(\.text), ["a", "b"])
        XCTAssertEqual(try figure(interpreter, "h").panels[0].series.last?.title, "flat")
        let ccdf = try figure(interpreter, "c").panels[0]
        XCTAssertEqual(ccdf.series[1].x, [2, 3, 4])
        XCTAssertEqual(ccdf.series[1].y[0], 0.75, accuracy: 1e-15)
    }
}
