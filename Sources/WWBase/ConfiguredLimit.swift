import Foundation

/// A named limit that an environment variable may change (the tests lower memory limits this
/// way): the variable's value when it is a positive whole number, else the default.
public enum ConfiguredLimit {
    public static func value(_ variable: String, default value: Int) -> Int {
        guard let text = ProcessInfo.processInfo.environment[variable], let n = Int(text), n > 0 else { return value }
        return n
    }
}
