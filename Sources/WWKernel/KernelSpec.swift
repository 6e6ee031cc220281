import Foundation
import WWBase

/// A Jupyter kernelspec for wwn: `kernels/wwn/kernel.json` under a Jupyter data folder, whose
/// `argv` starts this binary as `wwn kernel -f {connection_file}`.
public struct KernelSpec {
    /// Where `wwn kernel install` puts the spec.
    public enum Location: Equatable {
        /// The user's Jupyter data folder: `$JUPYTER_DATA_DIR`, else `$XDG_DATA_HOME/jupyter`,
        /// else `~/.local/share/jupyter` (`~/Library/Jupyter` on macOS), as jupyter_core finds it.
        case user
        /// `PREFIX/share/jupyter` (a virtual environment's or conda's prefix).
        case prefix(String)
        /// The system folder `jupyter kernelspec install` uses by default.
        case system
    }

    /// The kernel's name: the folder name and what `jupyter --kernel wwn` selects.
    public static let defaultName = "wwn"
    public static let systemDataDirectory = "/usr/local/share/jupyter"

    public let executable: String
    public let name: String

    public init(executable: String, name: String = defaultName) {
        self.executable = executable
        self.name = name
    }

    /// kernel.json's content. Interrupts are signals (SIGINT), which the interpreter polls.
    public var json: [String: Any] {
        [
            "argv": [executable, "kernel", "-f", "{connection_file}"],
            "display_name": "wwn", "language": "wwn", "interrupt_mode": "signal",
            "metadata": ["debugger": false],
        ]
    }

    public static func dataDirectory(for location: Location, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        switch location {
        case .prefix(let prefix):
            return (prefix as NSString).appendingPathComponent("share/jupyter")
        case .system:
            return systemDataDirectory
        case .user:
            if let directory = environment["JUPYTER_DATA_DIR"], !directory.isEmpty { return directory }
            #if os(macOS)
            return (NSHomeDirectory() as NSString).appendingPathComponent("Library/Jupyter")
            #else
            if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return (xdg as NSString).appendingPathComponent("jupyter") }
            let home = environment["HOME"] ?? NSHomeDirectory()
            return (home as NSString).appendingPathComponent(".local/share/jupyter")
            #endif
        }
    }

    /// Writes kernel.json (replacing an earlier wwn spec of the same name) and returns its
    /// folder. A folder that cannot be made is an error naming it.
    @discardableResult
    public func install(at location: Location) throws -> String {
        guard name.range(of: "^[A-Za-z0-9._-]+$", options: .regularExpression) != nil else {
            throw KernelError("a kernel name may hold only letters, digits, '.', '_' and '-', got '\(name)'")
        }
        let folder = (Self.dataDirectory(for: location) as NSString).appendingPathComponent("kernels/\(name)")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw KernelError("cannot create the kernelspec folder '\(folder)': \(error.localizedDescription)")
        }
        let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        let path = (folder as NSString).appendingPathComponent("kernel.json")
        do {
            try AtomicFileWriter(path: path, mode: .replace).write(data + Data("\n".utf8))
        } catch {
            throw KernelError("cannot write '\(path)': \(error)")
        }
        return folder
    }

    /// This process's binary as an absolute path, so the spec works from any folder.
    public static func currentExecutable() -> String {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        let argument = CommandLine.arguments.first ?? "wwn"
        if argument.hasPrefix("/") { return argument }
        return URL(fileURLWithPath: argument, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
    }
}
