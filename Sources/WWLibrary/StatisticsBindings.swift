import WWInterpreter
import WWStatistics
import WWTables

extension Registry {
    /// Built-ins for statistics: correlations, regression, hypothesis tests, Simpson's paradox;
    /// and the table operations they work on (group_by, join, pivot, CSV), defined from here so
    /// `Library.register(into:)` needs no change.
    func defineStatistics() {
        defineTableOperations()
        category("Statistics", doc: "Correlations, linear fits and hypothesis tests with SciPy's numbers (p-values to ~1e-8 relative). Samples are lists of numbers, or column names with `data:` a table. Missing values (nil or nan) are skipped: pairwise for paired statistics, and every result says how many values it used (`n`) and dropped (`dropped`). Infinite values are an error. A coefficient that is undefined (a constant input, too few pairs) is nil, with the reason in `reason`.")
        for method in CorrelationMethod.allCases {
            let title: String
            switch method {
            case .pearson: title = "Pearson's r (linear association); p from the exact t distribution, as `scipy.stats.pearsonr`"
            case .spearman: title = "Spearman's rho (Pearson's r of the ranks, ties sharing their average rank); p from the t approximation, as `scipy.stats.spearmanr`"
            case .kendall: title = "Kendall's tau-b (concordant minus discordant pairs, corrected for ties); p exact for n <= 33 without ties, otherwise from the normal approximation with the tie correction, as `scipy.stats.kendalltau`"
            }
            define("\(method.rawValue)(x, y, data = nil) -> record", category: "Statistics",
                   doc: "\(title). Returns {r, p, n, dropped, method, reason}.") { call in
                try correlationRecord(call, method: method)
            }
        }
        define("correlate(x, y, method = \"pearson\", data = nil) -> record", category: "Statistics",
               doc: "The correlation of x and y by `method` (\"pearson\", \"spearman\" or \"kendall\"), as {r, p, n, dropped, method, reason}: `correlate(t[\"alpha\"], t[\"acc\"], method: \"kendall\")` or `correlate(\"alpha\", \"acc\", data: t)`.") { call in
            try correlationRecord(call, method: try call.choice("method", of: CorrelationMethod.self))
        }
        define("regress(x, y, data = nil) -> record", category: "Statistics",
               doc: "The least-squares line of y on x, as `scipy.stats.linregress`: {slope, intercept, r, r2, p, stderr, intercept_stderr, rmse, n, dropped, reason}. `rmse` is sqrt(SSE / n), the typical residual in y's units. A constant x is an error; a constant y gives nil r, r2 and p; two points give nil standard errors and p.") { call in
            let (x, y, names) = try pairedSamples(call, "x", "y")
            let fit = try LinearRegression.fit(x, y, names: names)
            return .record([
                "slope": fit.slope, "intercept": fit.intercept, "r": fit.r, "r2": fit.rSquared, "p": fit.p,
                "stderr": fit.slopeStandardError, "intercept_stderr": fit.interceptStandardError, "rmse": fit.rmse,
                "n": fit.n, "dropped": fit.dropped, "reason": fit.reason,
            ])
        }
        define("corr_matrix(table, columns = nil, method = \"pearson\", values = \"r\") -> table", category: "Statistics", methodOf: ["table"],
               doc: "The correlation of every pair of `columns` (default: every numeric column) as a table with a `variable` column of names and one column per variable. Each pair uses the rows where both are present. `values` picks what the cells hold: \"r\" (nil where undefined, e.g. a constant column), \"p\", or \"n\" (pairs used).") { call in
            let table = try call.table("table").table
            let columns = try optionalNames(call, "columns")
            let method = try call.choice("method", of: CorrelationMethod.self)
            let values = try call.choice("values", ["r", "p", "n"])
            let matrix = try CorrelationMatrix(table, columns: columns, method: method)
            switch values {
            case "p": return .table(TableObject(try matrix.table(of: \.p)))
            case "n": return .table(TableObject(try matrix.countTable()))
            default: return .table(TableObject(try matrix.table(of: \.r)))
            }
        }
        define("anova(groups, value = nil, group = nil) -> record", category: "Statistics",
               doc: "One-way ANOVA F-test for equal means, as `scipy.stats.f_oneway`: {f, p, df_between, df_within, groups, n, dropped, skipped, notes}. `groups` is a list of samples, a record of named samples (`{dropout: [...], decay: [...]}`), or a table with `value:` the measured column and `group:` the column naming each row's group. Samples given directly must each have 2 usable values; in the table form, groups with fewer are skipped and listed in `skipped`.") { call in
            try anovaRecord(call)
        }
        let tests: [(String, String, ([Double], [Double], (String, String)) throws -> TestResult)] = [
            ("welch_t", "Welch's t-test for equal means of two independent samples with unequal variances, as `scipy.stats.ttest_ind(a, b, equal_var=False)`: {t, p, df, n, dropped, notes}. Each sample needs 2 usable values.",
             { try StatisticalTests.welchT($0, $1, names: $2) }),
            ("paired_t", "The paired t-test of a[i] - b[i] against 0, as `scipy.stats.ttest_rel`: {t, p, df, n, dropped, notes}. Pairs with a missing side are dropped.",
             { try StatisticalTests.pairedT($0, $1, names: $2) }),
            ("adjusted_t", "The paired t-test adjusted for autocorrelation across layers (arXiv 2410.14602): with d = a - b in layer order and r1 its lag-1 autocorrelation, the effective sample size n_eff = n (1 - r1) / (1 + r1), clamped to [2, n], replaces n in the standard error and gives n_eff - 1 degrees of freedom. Returns {t, p, df, n, r1, n_eff, dropped, notes}; needs 3 pairs.",
             { try StatisticalTests.autocorrelationAdjustedT($0, $1, names: $2) }),
        ]
        for (name, doc, test) in tests {
            define("\(name)(a, b, data = nil) -> record", category: "Statistics", doc: doc) { call in
                let (a, b, names) = try pairedSamples(call, "a", "b")
                return testRecord(try test(a, b, names))
            }
        }
        define("simpson(table, x, y, group) -> record", category: "Statistics", methodOf: ["table"],
               doc: "Checks for Simpson's paradox: fits y against x for all rows and for each group of the `group` column, and reports the groups whose slope has the opposite sign to the pooled slope. Returns {verdict, paradox, reversing, table, skipped}: `paradox` is true when every judged group reverses the pooled trend, `reversing` lists the reversing groups, and `table` has one row for \"all\" and one per group with n, slope, intercept, r2, Kendall's tau, rmse and reverses. Groups with fewer than 3 complete points, or a constant x, are skipped and listed.") { call in
            let table = try call.table("table").table
            let report = try SimpsonReport(table, x: try call.string("x"), y: try call.string("y"), group: try call.string("group"))
            return .record([
                "verdict": report.verdict,
                "paradox": !report.groups.isEmpty && report.reversing.count == report.groups.count,
                "reversing": report.reversing.map(Value.init(cell:)),
                "table": report.table(),
                "skipped": report.skipped.map { "\($0.key.description): \($0.reason)" },
            ])
        }
    }
}

// MARK: - Argument helpers


/// A sample from argument `index`: a list of numbers (nil counts as missing), or a column
/// name of `data`. Returns the values and a label for messages.
private func sample(_ call: BuiltinCall, _ name: String, data: DataTable?) throws -> (values: [Double], label: String) {
    switch try call.value(name) {
    case .string(let column):
        guard let data else {
            throw BuiltinError("argument '\(name)' is the column name \"\(column)\"; pass the table as data: to use column names")
        }
        return (try data.numericColumn(named: column), "column '\(column)'")
    default:
        let items = try call.elements(name)
        let values = try items.enumerated().map { position, item -> Double in
            switch item {
            case .number(let x): return x
            case .nil: return .nan
            default: throw BuiltinError("argument '\(name)' must hold only numbers (or nil for missing values), but element \(position) is \(item.typeName)")
            }
        }
        return (values, "argument '\(name)'")
    }
}

private func dataTable(_ call: BuiltinCall, _ name: String) throws -> DataTable? {
    if case .nil = try call.value(name) { return nil }
    return try call.table(name).table
}

/// Two samples named by the signature (`x`, `y` or `a`, `b`), with `data` for column names.
private func pairedSamples(_ call: BuiltinCall, _ firstName: String, _ secondName: String) throws -> ([Double], [Double], (String, String)) {
    let data = try dataTable(call, "data")
    let first = try sample(call, firstName, data: data)
    let second = try sample(call, secondName, data: data)
    return (first.values, second.values, (first.label, second.label))
}

private func correlationRecord(_ call: BuiltinCall, method: CorrelationMethod) throws -> Value {
    let (x, y, names) = try pairedSamples(call, "x", "y")
    let result = try Correlation.compute(method, x, y, names: names)
    return .record([
        "r": result.r, "p": result.p, "n": result.n, "dropped": result.dropped, "method": method.rawValue, "reason": result.reason,
    ])
}

private func testRecord(_ result: TestResult) -> Value {
    var fields: [(String, any ValueConvertible)] = [("t", result.statistic), ("p", result.p), ("df", result.degreesOfFreedom)]
    fields.append(("n", result.counts.reduce(0, +)))
    for (name, value) in result.details { fields.append((name, value)) }
    fields.append(("dropped", result.dropped))
    fields.append(("notes", result.notes))
    return .record(fields)
}

/// Column names from a string or a list of strings at `index`; nil when the argument is nil.
func optionalNames(_ call: BuiltinCall, _ name: String) throws -> [String]? {
    switch try call.value(name) {
    case .nil: return nil
    case .string(let name): return [name]
    case .list(let list):
        return try list.items.map { item in
            guard case .string(let name) = item else {
                throw call.fail(name, expected: "a column name or a list of column names")
            }
            return name
        }
    default:
        throw call.fail(name, expected: "a column name or a list of column names")
    }
}

private func anovaRecord(_ call: BuiltinCall) throws -> Value {
    var samples: [[Double]] = []
    var labels: [String] = []
    var keys: [Value] = []
    switch try call.value("groups") {
    case .table(let object):
        guard case .string(let valueColumn) = try call.value("value"), case .string(let groupColumn) = try call.value("group") else {
            throw BuiltinError("with a table, give the measured column as value: and the grouping column as group:")
        }
        let grouped = try StatisticalTests.oneWayANOVA(table: object.table, value: valueColumn, group: groupColumn)
        return anovaRecord(grouped.result, groups: grouped.groups.map(Value.init(cell:)), skipped: grouped.skipped.map(\.description))
    case .record(let record):
        for (name, value) in record.pairs {
            samples.append(try numbersOf(value, label: "group '\(name)'"))
            labels.append("group '\(name)'")
            keys.append(.string(name))
        }
    case .list(let list):
        for (index, value) in list.items.enumerated() {
            samples.append(try numbersOf(value, label: "group \(index)"))
            labels.append("group \(index)")
            keys.append(.number(Double(index)))
        }
    default:
        throw call.fail("groups", expected: "a list of samples, a record of named samples, or a table with value: and group:")
    }
    return anovaRecord(try StatisticalTests.oneWayANOVA(samples, names: labels), groups: keys, skipped: [])
}

private func anovaRecord(_ result: TestResult, groups: [Value], skipped: [String]) -> Value {
    .record([
        "f": result.statistic, "p": result.p, "df_between": result.degreesOfFreedom,
        "df_within": result.denominatorDegreesOfFreedom ?? .nan,
        "groups": groups, "n": result.counts, "dropped": result.dropped, "skipped": skipped, "notes": result.notes,
    ])
}

private func numbersOf(_ value: Value, label: String) throws -> [Double] {
    guard case .list(let list) = value else { throw BuiltinError("\(label) must be a list of numbers, got \(value.typeName)") }
    return try list.items.enumerated().map { position, item in
        switch item {
        case .number(let x): return x
        case .nil: return .nan
        default: throw BuiltinError("\(label) must hold only numbers (or nil), but element \(position) is \(item.typeName)")
        }
    }
}
