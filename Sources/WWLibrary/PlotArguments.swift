import WWInterpreter
import WWPlot
import WWTables

/// Reading plot inputs from language values: table columns by name, numbers and labels.
extension BuiltinCall {
    /// The table argument `i`, or an error naming it.
    func plotTable(_ name: String) throws -> DataTable {
        try table(name).table
    }

    /// The numbers of column `name` (argument `i` names it); nil cells become NaN (missing).
    func numberColumn(_ table: DataTable, _ name: String) throws -> (name: String, values: [Double]) {
        let name = try string(name)
        return (name, try table.plotNumbers(name))
    }

    func optionalNumberColumn(_ table: DataTable, _ name: String) throws -> (name: String, values: [Double])? {
        if case .nil = try value(name) { return nil }
        return try numberColumn(table, name)
    }

    /// Column `name` as category labels (numbers and booleans as they print).
    func optionalLabelColumn(_ table: DataTable, _ name: String) throws -> (name: String, values: [String])? {
        guard let name = try optionalString(name) else { return nil }
        return (name, try table.plotLabels(name))
    }

    /// A list (or range, or 1-D tensor) of numbers, for arguments such as eigenvalues.
    func numberList(_ name: String) throws -> [Double] {
        if case .object(let object) = try value(name), let tensor = object as? TensorObject {
            return tensor.tensor.doubleValues
        }
        return try numbers(name)
    }

    func optionalNumberList(_ name: String) throws -> [Double]? {
        if case .nil = try value(name) { return nil }
        return try numberList(name)
    }
}
