import CSignals
import Foundation
import WWNumerics
import WWSyntax

extension Registry {
    /// A new registry with the language's own built-ins (core, math, lists, strings, records,
    /// tables, files, random numbers, tensors). An embedder adds its own built-ins to it before
    /// handing it to `Interpreter(registry:)`; WWLibrary's `Library.register(into:)` adds the
    /// domain modules'.
    public static func core() -> Registry {
        let registry = Registry()
        registry.defineCore()
        registry.defineMath()
        registry.defineLists()
        registry.defineStrings()
        registry.defineRecords()
        registry.defineTables()
        registry.defineFiles()
        registry.defineTextFiles()
        registry.defineRandom()
        registry.defineTensors()
        registry.defineTensorShapes()
        registry.defineTensorLinearAlgebra()
        return registry
    }

    /// The core registry, built once and sealed, for interpreters that need nothing else (the
    /// language's tests, the notebook's and the REPL's own tests).
    public static let sharedCore: Registry = core().sealed()

    func defineCore() {
        category("Core", doc: "Printing, types and conversions, checks.")
        define("print(values...)", category: "Core",
               doc: "Writes the values separated by spaces and ends the line. Strings are written without quotes; tables as aligned text fitting the terminal; other values as they display. In a notebook the text appears under the cell.") { call in
            let width = call.interpreter.output.lineWidth
            call.interpreter.output.write(call.rest.map { ValueFormatter.printed($0, lineWidth: width) }.joined(separator: " ") + "\n")
            return .nil
        }
        define("str(value) -> string", category: "Core",
               doc: "The value as text, as `print` writes it: strings unchanged, numbers in their shortest exact form (integers without `.0`).") { call in
            .string(ValueFormatter.str(call.value(0)))
        }
        define("repr(value) -> string", category: "Core",
               doc: "The value as it displays at the REPL: strings quoted and escaped, so the text can be read back.") { call in
            .string(ValueFormatter.repr(call.value(0)))
        }
        define("type(value) -> string", category: "Core",
               doc: "The name of the value's type: nil, bool, number, string, list, record, function, range, table, tensor, or a domain type.") { call in
            .string(call.value(0).typeName)
        }
        define("len(value) -> number", category: "Core",
               doc: "Number of elements of a list, characters of a string, fields of a record, rows of a table, numbers in a range, or samples of a data set.") { call in
            switch call.value(0) {
            case .list(let l): return .number(Double(l.items.count))
            case .string(let s): return .number(Double(characterCount(s)))
            case .record(let r): return .number(Double(r.count))
            case .table(let t): return .number(Double(t.table.rowCount))
            case .range(let r): return .number(Double(r.count))
            case .object(let o):
                if let count = o.elementCount { return .number(Double(count)) }
                throw call.fail(0, expected: "a list, string, record, table, range or data set")
            default: throw call.fail(0, expected: "a list, string, record, table, range or data set")
            }
        }
        define("copy(value) -> value", category: "Core",
               doc: "A deep copy of lists, records, tables and networks (their weights too), so changing the copy leaves the original alone. Lists and records are otherwise shared when assigned, as in Python.") { call in
            deepCopy(call.value(0))
        }
        define("number(value) -> number", category: "Core",
               doc: "Converts a string such as \"3.5\" or \"1e-3\" (or a bool, as 0/1) to a number; errors if the text is not a number.") { call in
            switch call.value(0) {
            case .number: return call.value(0)
            case .bool(let b): return .number(b ? 1 : 0)
            case .string(let s):
                guard let x = Double(s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")) else {
                    throw BuiltinError("cannot read \"\(s)\" as a number")
                }
                return .number(x)
            default: throw call.fail(0, expected: "a string, number or bool")
            }
        }
        define("assert(condition, message = \"assertion failed\")", category: "Core",
               doc: "Stops with an error carrying `message` unless `condition` is true. Use it in notebooks to state what a result must satisfy.") { call in
            if !call.value(0).isTruthy { throw BuiltinError(try call.string(1)) }
            return .nil
        }
        define("error(message)", category: "Core",
               doc: "Stops the program with a runtime error carrying `message` (and the call stack).") { call in
            throw BuiltinError(ValueFormatter.str(call.value(0)))
        }
        define("exit(code = 0)", category: "Core",
               doc: "Ends the program at once with exit status `code` (a whole number from 0 to 255; 0 means success), after the output so far is written. It is not an error: `try` does not catch it. A script or piped REPL input exits with `code`; a notebook stops at that cell, its report says so, and `wwn run` exits with `code`; at the interactive prompt it ends the session.") { call in
            let code = try call.integer(0, in: 0...255)
            throw Diagnostic.exitRequest(code: Int32(code), file: call.site.file, at: call.site.location)
        }
        define("interrupted() -> bool", category: "Core",
               doc: "True, once, when Ctrl-C stopped a built-in early (`train`, `analyze`, `svd` and the loaders return or stop with what they had), and false otherwise. Calling it handles the interrupt: the program goes on (to save a half-trained model, say) instead of stopping at its next loop step or function call, and a script then ends with its own exit status rather than 130. In `wwn run`, SIGTERM counts as an interrupt too; a second one ends the run.") { _ in
            .bool(wwn_take_interrupt() != 0)
        }
        define("fmt(value, decimals = nil, digits = nil, style = nil) -> string", category: "Core",
               doc: "A number as text for tables and titles. By default with a fixed number of decimals, 3 unless `decimals` says otherwise (`fmt(pi, 2)` is \"3.14\"). With `digits`, in significant figures, so small values such as p-values keep their digits: `style` \"sig\" (the default with `digits`) keeps trailing zeros and switches to exponent form for exponents below -4 (`fmt(1.2345e-5, digits: 3)` is \"1.23e-05\", `fmt(0.5, digits: 3)` is \"0.500\"), \"sci\" always uses exponent form (\"1.23e-05\"), \"auto\" drops trailing zeros (C's and Python's `%.3g`); \"fixed\" is the default `decimals` form. Digits come from the C library's printf, so they match C and Python exactly. nan and inf format as they display; non-numbers format as `str`.") { call in
            try formatForFmt(call)
        }
        define("format(template, args...) -> string", category: "Core",
               doc: "Text with each placeholder of `template` replaced by an argument, in Python's `str.format` syntax: `{}` takes the next argument, `{1}` one by position, `{name}` a field of a record given as the first argument; `:` adds a spec `[[fill]align][sign][0][width][.precision][type]` with type `f`, `e`, `g`, `%`, `d`, `s` (or `E`, `F`, `G`). `format(\"p = {:.3g}\", 1.2345e-5)` is \"p = 1.23e-05\"; `format(\"{layer}: {alpha:.2f}\", row)`. Numbers come from the C library's printf, so they match C and Python exactly; `{{` and `}}` write braces. Extra arguments are ignored, as in Python. See docs/language.md.") { call in
            .string(try FormatTemplate(template: try call.string(0), arguments: call.rest).render())
        }
        define("clock() -> number", category: "Core",
               doc: "Seconds since an arbitrary start, for timing code (`let t = clock(); ...; clock() - t`). Never use it to seed randomness.") { _ in
            .number(Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
        }
        define("help(function) -> string", category: "Core",
               doc: "The signature and documentation of a built-in function, or the signature of a user function with its `##` comment lines, if any.") { call in
            switch call.value(0) {
            case .builtin(let b): return .string("\(b.signature)\n\n\(b.doc)")
            case .function(let f): return .string("fn \(f.signature)" + (f.documentation.map { "\n\n" + $0 } ?? ""))
            default: throw call.fail(0, expected: "a function")
            }
        }
        define("range(start, end = nil, step = 1) -> range", category: "Core",
               doc: "Numbers from `start` up to but not including `end`, by `step`; `range(n)` counts 0 to n-1. Same as `start..<end` when step is 1. Nothing is allocated until used.") { call in
            var start = try call.number(0)
            var end = start
            if case .nil = call.value(1) { start = 0 } else { end = try call.number(1) }
            let step = try call.number(2)
            guard step != 0, step.isFinite else { throw BuiltinError("argument 'step' must be a finite number other than 0") }
            guard start.isFinite, end.isFinite else { throw BuiltinError("range ends must be finite numbers") }
            let range = RangeObject(start: start, end: end, step: step)
            if let stalled = range.stalledElement {
                throw BuiltinError("argument 'step' (\(formatNumber(step))) is too small to advance from \(formatNumber(stalled)): the numbers would repeat")
            }
            return .range(range)
        }
        define("list(items) -> list", category: "Core",
               doc: "A new list of the elements of any iterable: a range, a string (its characters), a record (its keys) or a table (its rows as records).") { call in
            .list(ListObject(try call.elements(0)))
        }
    }

    func defineMath() {
        category("Math", doc: "Numeric functions; all numbers are IEEE doubles.")
        constant("pi", .number(Double.pi), doc: "The ratio of a circle's circumference to its diameter.")
        constant("e", .number(M_E), doc: "Euler's number, the base of natural logarithms.")
        constant("inf", .number(.infinity), doc: "Positive infinity.")
        constant("nan", .number(.nan), doc: "Not a number: the result of undefined arithmetic; it compares unequal to everything.")
        let unary: [(String, String, (Double) -> Double)] = [
            ("abs", "The absolute value of x (its distance from 0).", { Swift.abs($0) }),
            ("sqrt", "The square root; nan for negative numbers.", { $0.squareRoot() }),
            ("exp", "e raised to the power of x (the inverse of log).", { Foundation.exp($0) }),
            ("log10", "The base-10 logarithm, as used for norms in HT-SR metrics.", { Foundation.log10($0) }),
            ("log2", "The base-2 logarithm of x; nan for negative x.", { Foundation.log2($0) }),
            ("floor", "The largest whole number not above x.", { $0.rounded(.down) }),
            ("ceil", "The smallest whole number not below x.", { $0.rounded(.up) }),
            ("sin", "The sine of x, with x in radians.", { Foundation.sin($0) }),
            ("cos", "The cosine of x, with x in radians.", { Foundation.cos($0) }),
            ("tan", "The tangent of x, with x in radians.", { Foundation.tan($0) }),
            ("tanh", "The hyperbolic tangent of x, in (-1, 1).", { Foundation.tanh($0) }),
        ]
        for (name, doc, f) in unary {
            define("\(name)(x) -> number", category: "Math", doc: doc + elementwiseNote) { call in try elementwise(call, 0, f) }
        }
        define("log(x, base = nil) -> number", category: "Math",
               doc: "The natural logarithm of x, or the logarithm in `base`." + elementwiseNote) { call in
            try requireNumberOrList(call, 0)
            if let base = try call.optionalNumber(1) { return try elementwise(call, 0) { Foundation.log($0) / Foundation.log(base) } }
            return try elementwise(call, 0) { Foundation.log($0) }
        }
        define("round(x, digits = 0) -> number", category: "Math",
               doc: "x rounded to `digits` decimals, halves away from zero. For significant figures in text, use `fmt(x, digits: 3)`." + elementwiseNote) { call in
            try requireNumberOrList(call, 0)
            let scale = pow(10, Double(try call.integer(1, in: -300...300)))
            return try elementwise(call, 0) { ($0 * scale).rounded() / scale }
        }
        define("int(x) -> number", category: "Math",
               doc: "x truncated toward zero to a whole number, as C's and Python's `int`: `int(-2.7)` is -2. Errors for nan and inf, which have no whole value." + elementwiseNote) { call in
            try elementwise(call, 0) { x in
                guard x.isFinite else { throw BuiltinError("cannot truncate \(formatNumber(x)) to a whole number") }
                return x.rounded(.towardZero)
            }
        }
        define("atan2(y, x) -> number", category: "Math",
               doc: "The angle in radians, in [-pi, pi], of the point (x, y) from the positive x axis; unlike atan(y / x) it knows the quadrant and allows x = 0.") { call in
            .number(Foundation.atan2(try call.number(0), try call.number(1)))
        }
        define("is_nan(x) -> bool", category: "Math", doc: "Whether x is nan (x == x is false only for nan).") { call in
            .bool(try call.number(0).isNaN)
        }
        define("is_finite(x) -> bool", category: "Math", doc: "Whether x is neither infinite nor nan.") { call in
            .bool(try call.number(0).isFinite)
        }
        define("min(values...) -> value", category: "Math",
               doc: "The smallest of the arguments, or of a single list argument. Errors on an empty list; nan is ignored unless all values are nan.") { call in
            try extreme(call, smallest: true)
        }
        define("max(values...) -> value", category: "Math",
               doc: "The largest of the arguments, or of a single list argument. Errors on an empty list; nan is ignored unless all values are nan.") { call in
            try extreme(call, smallest: false)
        }
        define("sum(items) -> number", category: "Math", methodOf: ["list"],
               doc: "The sum of a list or range of numbers (compensated, so long sums stay accurate).") { call in
            .number(compensatedSum(try call.numbers(0)))
        }
        define("mean(items) -> number", category: "Math", methodOf: ["list"],
               doc: "The arithmetic mean of a list of numbers; errors on an empty list.") { call in
            let xs = try call.numbers(0)
            guard !xs.isEmpty else { throw BuiltinError("the mean of an empty list is undefined") }
            return .number(compensatedSum(xs) / Double(xs.count))
        }
        defineQuantiles()
    }

    /// Appended to the doc of every maths function that maps over a list.
    private var elementwiseNote: String { " A list (or range) of numbers gives the list of results; a tensor, the tensor of results, element by element." }

    func defineRandom() {
        category("Random", doc: """
            Random numbers from the session's seeded stream (xoshiro256** seeded through splitmix64, \
            documented in WWNumerics.SeededRandom). Every session starts at seed 0, so the same notebook \
            gives the same numbers; `seed(n)` restarts the stream, and functions with a `seed` argument \
            use their own stream from that seed and leave the session's untouched. Distributions (`pareto`, \
            `student_t`, `normal`, ...) are values with SciPy's parameters; `draw` samples them, and \
            `random_matrix(..., dist:)` fills a matrix with their draws.
            """)
        define("seed(n)", category: "Random", doc: "Restarts the session's random stream from seed `n` (a whole number >= 0).") { call in
            call.interpreter.random = SeededRandom(seed: UInt64(try call.integer(0, in: 0...Int(Int32.max))))
            return .nil
        }
        define("rand(n = nil, seed = nil) -> value", category: "Random",
               doc: "A uniform number in [0, 1), or a list of `n` of them.") { call in
            try draw(&call, count: 0, seed: 1) { $0.nextDouble() }
        }
        define("randn(n = nil, seed = nil) -> value", category: "Random",
               doc: "A standard normal number (mean 0, standard deviation 1), or a list of `n` of them.") { call in
            try draw(&call, count: 0, seed: 1) { $0.nextNormal() }
        }
        define("randint(low, high, n = nil, seed = nil) -> value", category: "Random",
               doc: "A whole number in low...high (both included), or a list of `n` of them.") { call in
            let low = try call.integer(0), high = try call.integer(1)
            guard low <= high else { throw BuiltinError("argument 'low' (\(low)) must not exceed 'high' (\(high))") }
            return try draw(&call, count: 2, seed: 3) { Double($0.nextInt(in: low...high)) }
        }
        define("shuffle(items, seed = nil) -> list", category: "Random",
               doc: "A new list with the elements in random order (Fisher-Yates); the input is unchanged.") { call in
            var items = try call.elements(0)
            try withStream(&call, seed: 1) { $0.shuffle(&items) }
            return .list(ListObject(items))
        }
        define("sample(items, k, seed = nil) -> list", category: "Random",
               doc: "`k` distinct elements drawn at random without replacement, in random order.") { call in
            let items = try call.elements(0)
            let k = try call.integer(1, in: 0...items.count)
            var order: [Int] = []
            try withStream(&call, seed: 2) { order = try $0.permutation(count: items.count) }
            return .list(ListObject(order.prefix(k).map { items[$0] }))
        }
        defineDistributions()
    }
}

/// Runs `body` on the stream named by the `seed` argument if given, else on the session's.
func withStream(_ call: inout BuiltinCall, seed index: Int, _ body: (inout SeededRandom) throws -> Void) throws {
    if let seed = try call.optionalInteger(index, in: 0...Int(Int32.max)) {
        var stream = SeededRandom(seed: UInt64(seed))
        try body(&stream)
    } else {
        try body(&call.interpreter.random)
    }
}

private func draw(_ call: inout BuiltinCall, count index: Int, seed: Int, _ next: @escaping (inout SeededRandom) -> Double) throws -> Value {
    let n = try call.optionalInteger(index, in: 0...RuntimeLimits.maxDrawnNumbers)
    var result: Value = .nil
    try withStream(&call, seed: seed) { stream in
        if let n {
            var items: [Value] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(.number(next(&stream))) }
            result = .list(ListObject(items))
        } else {
            result = .number(next(&stream))
        }
    }
    return result
}

private func extreme(_ call: BuiltinCall, smallest: Bool) throws -> Value {
    var items = call.rest
    if items.count == 1, case .range(let r) = items[0], r.count > RuntimeLimits.maxListedRange {
        throw BuiltinError("the range has \(r.count) numbers, more than the \(RuntimeLimits.maxListedRange) a built-in lists")
    }
    if items.count == 1, let inner = iterate(items[0]) { items = inner }
    guard !items.isEmpty else { throw BuiltinError("nothing to compare: give values or a non-empty list") }
    var best: Value?
    for item in items {
        if case .number(let x) = item, x.isNaN { continue }
        guard let current = best else { best = item; continue }
        guard let c = compareValues(item, current) else {
            throw BuiltinError("cannot compare \(describeForError(item)) with \(describeForError(current))")
        }
        if smallest ? c < 0 : c > 0 { best = item }
    }
    return best ?? .number(.nan)
}

/// Kahan-Babuska summation: a sum of a million numbers keeps full precision. WWNumerics' copy,
/// which also keeps an overflowed sum infinite (this one made it inf - inf = NaN).
func compensatedSum(_ xs: [Double]) -> Double {
    Statistics.compensatedSum(xs)
}

/// `s.count` (characters, i.e. grapheme clusters), counted from the bytes when the text is ASCII:
/// there every byte is a character except that "\r\n" is one. Swift's own count walks the
/// grapheme breaking rules for every character, about 20 instructions a byte.
func characterCount(_ s: String) -> Int {
    let ascii = s.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
        var pairs = 0
        var previous: UInt8 = 0
        for byte in bytes {
            if byte >= 0x80 { return nil }
            if byte == 10, previous == 13 { pairs += 1 }
            previous = byte
        }
        return bytes.count - pairs
    }
    return (ascii ?? nil) ?? s.count
}
