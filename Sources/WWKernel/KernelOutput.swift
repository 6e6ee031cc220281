import Foundation
import WWInterpreter
import WWSyntax

/// The interpreter's output during an execute request, as IOPub messages in the order it was
/// made: printed text as `stream` (gathered, see `KernelLimits.streamFlushBytes`), figures and
/// tables as `display_data` with their MIME types, and the last displayed value of the request
/// as its `execute_result` (any value displayed before other output becomes a `display_data`,
/// since a client shows only one result per execution).
final class KernelOutput: OutputSink {
    /// Sends one IOPub message (type, content) for the request being run.
    private let publish: (String, KernelMessage.JSON) -> Void
    private var pendingText = ""
    private var lastFlush = Date()
    private var pendingResult: KernelMessage.JSON?
    /// The request's execution count, for `execute_result`.
    var executionCount = 0

    init(publish: @escaping (String, KernelMessage.JSON) -> Void) {
        self.publish = publish
    }

    // MARK: OutputSink

    func write(_ text: String) {
        sendPendingResult(asResult: false)
        pendingText += text
        if pendingText.utf8.count >= KernelLimits.streamFlushBytes || Date().timeIntervalSince(lastFlush) >= KernelLimits.streamFlushInterval {
            flushText()
        }
    }

    func display(_ value: Value) {
        if showIfFigure(value) { return }
        flushText()
        sendPendingResult(asResult: false)
        let text = ValueFormatter.display(value)
        if case .table(let table) = value {
            publish("display_data", ["data": MIMEBundle.table(table.table, text: text), "metadata": [String: Any]()])
        } else {
            pendingResult = ["text/plain": text]
        }
    }

    /// `show(fig)` and a figure displayed at top level: PNG and SVG, with the summary as text.
    func showFigure(_ figure: FigureValue) throws {
        let data = try MIMEBundle.figure(figure)
        flushText()
        sendPendingResult(asResult: false)
        publish("display_data", ["data": data, "metadata": [String: Any]()])
    }

    // MARK: request boundaries

    /// Sends what is still waiting at the end of a request: text, then the result.
    func finish() {
        flushText()
        sendPendingResult(asResult: true)
    }

    /// Drops anything waiting (a new request starts clean).
    func reset(executionCount: Int) {
        pendingText = ""
        pendingResult = nil
        lastFlush = Date()
        self.executionCount = executionCount
    }

    /// Text the kernel itself writes (help, `:vars`) or an error stream, sent at once.
    func writeStream(_ text: String, name: String) {
        flushText()
        sendPendingResult(asResult: false)
        publish("stream", ["name": name, "text": text])
    }

    private func flushText() {
        lastFlush = Date()
        guard !pendingText.isEmpty else { return }
        publish("stream", ["name": "stdout", "text": pendingText])
        pendingText = ""
    }

    private func sendPendingResult(asResult: Bool) {
        guard let data = pendingResult else { return }
        pendingResult = nil
        if asResult {
            publish("execute_result", ["data": data, "metadata": [String: Any](), "execution_count": executionCount])
        } else {
            publish("display_data", ["data": data, "metadata": [String: Any]()])
        }
    }
}
