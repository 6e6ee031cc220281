/// How label strings read from a file become class numbers.
public enum ClassOrder: String, CaseIterable, Sendable {
    /// Classes sorted: numerically when every label is a number (so "2" < "10"), otherwise by
    /// Unicode code points. The same labels give the same numbering in every file, which keeps
    /// a train and a test file consistent.
    case sorted
    /// Classes numbered in the order their first sample appears.
    case appearance

    /// The class names and each label's class number.
    func classes(of labels: [String]) throws -> (names: [String], indices: [Int]) {
        var seen: [String: Int] = [:]
        var names: [String] = []
        for label in labels where seen[label] == nil {
            seen[label] = names.count
            names.append(label)
        }
        guard names.count <= DataLimits.maxClasses else {
            throw DatasetError.invalid("\(names.count) distinct labels is more than \(DataLimits.maxClasses) classes (DataLimits.maxClasses): is the label column a measurement?")
        }
        if self == .sorted {
            let numbers = names.compactMap { Double($0) }.filter(\.isFinite)
            if numbers.count == names.count {
                names = zip(names, numbers).sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
            } else {
                names.sort { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
            }
            for (index, name) in names.enumerated() { seen[name] = index }
        }
        return (names, labels.map { seen[$0] ?? 0 })
    }
}
