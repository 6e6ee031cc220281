extension String {
    /// The text with HTML's special characters escaped, safe both as element content and inside
    /// a quoted attribute: code such as `"<script>"` shows as text and never runs.
    ///
    /// Works on Unicode scalars, not characters, so a `<` followed by a combining mark (one
    /// `Character`) is escaped too.
    public var htmlEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
