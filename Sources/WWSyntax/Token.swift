/// Token kinds. Keywords are their own kinds so the parser never compares strings.
public enum TokenKind: UInt8, Sendable {
    case identifier, number, string
    // keywords
    case kwLet, kwVar, kwParam, kwFn, kwReturn, kwIf, kwElse, kwFor, kwIn, kwWhile, kwBreak
    case kwContinue, kwImport, kwAs, kwAnd, kwOr, kwNot, kwTrue, kwFalse, kwNil, kwTry, kwCatch
    // punctuation
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, dot, colon, semicolon, newline, eof
    // operators
    case plus, minus, star, slash, percent, caret, at, plusPlus, pipe, arrow
    case assign, plusAssign, minusAssign, starAssign, slashAssign
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case rangeExclusive, rangeInclusive

    static let keywords: [String: TokenKind] = [
        "let": .kwLet, "var": .kwVar, "param": .kwParam, "fn": .kwFn, "return": .kwReturn,
        "if": .kwIf, "else": .kwElse, "for": .kwFor, "in": .kwIn, "while": .kwWhile,
        "break": .kwBreak, "continue": .kwContinue, "import": .kwImport, "as": .kwAs,
        "and": .kwAnd, "or": .kwOr, "not": .kwNot, "true": .kwTrue, "false": .kwFalse, "nil": .kwNil,
        "try": .kwTry, "catch": .kwCatch,
    ]

    public static var keywordNames: [String] { keywords.keys.sorted() }

    /// After these a line break cannot end the statement, so the lexer drops it: expressions
    /// continue naturally over lines after an operator or a comma.
    var continuesLine: Bool {
        switch self {
        case .plus, .minus, .star, .slash, .percent, .caret, .at, .plusPlus, .pipe, .arrow,
             .assign, .plusAssign, .minusAssign, .starAssign, .slashAssign,
             .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
             .rangeExclusive, .rangeInclusive, .comma, .dot, .colon,
             .kwAnd, .kwOr, .kwNot, .kwIn, .kwElse:
            return true
        default:
            return false
        }
    }
}

/// A piece of a string literal: literal text, or the source range of an interpolated expression
/// (parsed later in place, so its diagnostics point into the original file).
public enum StringPart: Sendable {
    case text(String)
    case code(start: Int, end: Int, line: Int, column: Int)
}

public struct Token: Sendable {
    public var kind: TokenKind
    public var offset: Int
    public var length: Int
    public var line: Int
    public var column: Int
    /// The value of a number token.
    public var number: Double = 0
    /// The pieces of a string token.
    public var parts: [StringPart] = []

    public var location: SourceLocation { SourceLocation(line: line, column: column, offset: offset) }
}
