import Foundation
import WWBase

/// Every limit of the front end, with its reason (Wren's convention: no magic numbers).
public enum SyntaxLimits {
    /// Deepest nesting of brackets, blocks and unary operators the parser accepts. The parser and
    /// the compiler recurse once per level; 256 keeps both far inside an 8 MiB thread stack in a
    /// debug build, and no hand-written program nests this deep (CPython stops near 200).
    public static let maxNestingDepth = 256
    /// Most parameters a function may declare and arguments a call may pass: enough for any
    /// built-in signature, small enough that argument binding stays a short linear scan.
    public static let maxArguments = 255
    /// Longest identifier, so a pathological input cannot make diagnostics unreadable.
    public static let maxIdentifierLength = 1024
    /// Most `for` and `if` clauses one list comprehension may have. Each is one more nested
    /// closure when compiled and one more stack level when run; a handful is the most anyone
    /// writes, and 32 keeps a generated expression far from the nesting limit's stack budget.
    public static let maxComprehensionClauses = 32
    /// Largest source file read (16 MiB). The front end keeps the whole syntax tree and its
    /// compiled form, measured at 55 to 80 bytes of memory per byte of source (10 MB of
    /// `s = s + 1` lines: 800 MB resident in a debug build, 420 MB of it the syntax tree; a
    /// 50 MB file took 3.5 GB before locations were stored in 32 bits), so this bounds it near
    /// 1.3 GB. Hand-written notebooks are a few KB; a generated one that embeds
    /// its data is better served by a data file. `WWN_MAX_SOURCE_BYTES` sets another value, up
    /// to 2 GiB: source locations are stored in 32 bits.
    public static let maxSourceBytes = min(ConfiguredLimit.value("WWN_MAX_SOURCE_BYTES", default: 16 << 20), Int(Int32.max))
}
