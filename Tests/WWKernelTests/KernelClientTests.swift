import Foundation
import XCTest

/// The built `wwn kernel` driven by the real Jupyter clients from PyPI (jupyter_client, nbclient,
/// papermill), through Tests/KernelClients/check_kernel.py. The clients live in a cached virtual
/// environment, .build/jupyter-venv, made on first use; without python3 or the package index the
/// test is skipped, saying why. About 10 s once the environment exists.
final class KernelClientTests: XCTestCase {
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let venv = repository.appendingPathComponent(".build/jupyter-venv")
    private static let clientPackages = ["jupyter_client", "nbclient", "nbformat", "papermill"]
    /// The whole client run, quickstart included; it takes ~10 s with a debug build.
    private static let clientTimeout: TimeInterval = 240
    /// Creating the environment and installing the clients (first run only).
    private static let installTimeout: TimeInterval = 600

    /// Every check check_kernel.py makes; each must print "ok NAME".
    private static let expectedChecks = [
        "heartbeat", "kernel_info", "execute ok", "interrupt (signal) ends the loop", "interrupt_reply on control",
        "interrupt (interrupt_request) ends the loop", "state kept after interrupts", "complete", "inspect", "is_complete",
        "comm_info is empty", "history", "shutdown ends the process", "papermill parameter takes effect",
        "papermill's injected value maps back to param", "convert tags the parameters cell", "stream output", "execute_result",
        "figure as image/png", "figure as image/svg+xml", "table as text/html", "only the failing cell errs",
        "error carries the wwn diagnostic", "fast=true took effect",
    ]

    private func findPython3() -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(directory)/python3"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The environment's python with the clients importable, made if need be; skips if not.
    private func clientPython() throws -> String {
        let python = Self.venv.appendingPathComponent("bin/python").path
        let importCheck = ["-c", "import " + Self.clientPackages.joined(separator: ", ")]
        if FileManager.default.isExecutableFile(atPath: python), try ProcessRun.run(python, importCheck, timeout: 60).status == 0 { return python }
        guard let system = findPython3() else { throw XCTSkip("no python3 on PATH: the Jupyter client test needs it to install the clients") }
        let made = try ProcessRun.run(system, ["-m", "venv", Self.venv.path], timeout: Self.installTimeout)
        guard made.status == 0 else { throw XCTSkip("python3 -m venv failed, so the Jupyter clients cannot be installed:\n\(made.output.suffix(800))") }
        let pip = try ProcessRun.run(python, ["-m", "pip", "install", "--quiet"] + Self.clientPackages, timeout: Self.installTimeout)
        guard pip.status == 0, try ProcessRun.run(python, importCheck, timeout: 60).status == 0 else {
            throw XCTSkip("pip could not install \(Self.clientPackages.joined(separator: ", ")) (no package index?):\n\(pip.output.suffix(800))")
        }
        return python
    }

    func testRealJupyterClientsDriveTheKernel() throws {
        let python = try clientPython()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-kernel-clients-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let prefix = work.appendingPathComponent("prefix").path
        let install = try ProcessRun.run(ProcessRun.binary.path, ["kernel", "install", "--prefix", prefix], timeout: 60)
        XCTAssertEqual(install.status, 0, install.output)
        let jupyter = prefix + "/share/jupyter"
        // Only this prefix's kernelspec, and no connection files or settings of the user's.
        let environment = ["JUPYTER_PATH": jupyter, "JUPYTER_DATA_DIR": jupyter, "JUPYTER_RUNTIME_DIR": work.appendingPathComponent("runtime").path,
                           "JUPYTER_CONFIG_DIR": work.appendingPathComponent("config").path, "JUPYTER_PLATFORM_DIRS": "1",
                           "PYTHONDONTWRITEBYTECODE": "1"]
        let script = Self.repository.appendingPathComponent("Tests/KernelClients/check_kernel.py").path
        let started = Date()
        let outcome = try ProcessRun.run(python, [script, ProcessRun.binary.path, Self.repository.path, work.path], environment: environment, timeout: Self.clientTimeout)
        print("Jupyter client checks took \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        XCTAssertFalse(outcome.timedOut, "the client checks did not finish in \(Int(Self.clientTimeout)) s:\n\(outcome.output)")
        XCTAssertEqual(outcome.status, 0, outcome.output)
        let passed = Set(outcome.output.split(separator: "\n").filter { $0.hasPrefix("ok ") }.map { String($0.dropFirst(3)) })
        for check in Self.expectedChecks {
            XCTAssertTrue(passed.contains(check), "no 'ok \(check)' from the clients:\n\(outcome.output)")
        }
    }
}
