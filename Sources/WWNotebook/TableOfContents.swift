import WWBase

/// One line of the report's table of contents: a Markdown heading or a titled code cell.
struct ContentsEntry {
    /// 1 for `#`, 2 for `##`, …; a code cell's title sits one level under the heading above it.
    let level: Int
    let anchor: String
    /// The entry's text as HTML (already escaped; formulas typeset).
    let html: String
    /// `failed`, `interrupted`, … for a code cell that did not succeed (a CSS class).
    var status: String?

    /// HTML without its tags (Ink's emphasis, links, code), entities left as they are.
    static func strippingTags(_ html: String) -> String {
        var out = ""
        var insideTag = false
        for character in html {
            if character == "<" {
                insideTag = true
            } else if character == ">" {
                insideTag = false
            } else if !insideTag {
                out.append(character)
            }
        }
        return out
    }
}

/// The table of contents at the top of index.html, linking to every heading and titled cell.
enum TableOfContents {
    /// Fewest entries worth a table of contents: one heading needs no navigation.
    static let minEntries = 2
    /// Deepest heading level listed (`###`); deeper ones are details inside a section.
    static let maxLevel = 3
    /// Entries from which the list is set in two columns on a wide screen: a short list in
    /// columns splits a section from its cells.
    static let minEntriesForColumns = 8

    static func render(_ entries: [ContentsEntry]) -> String {
        let shown = entries.filter { $0.level <= maxLevel }
        guard shown.count >= minEntries else { return "" }
        let top = shown.map(\.level).min() ?? 1
        let layout = shown.count >= minEntriesForColumns ? " columns" : ""
        var html = "<nav class=\"toc\(layout)\" aria-label=\"Contents\">\n<p class=\"toc-title\">Contents</p>\n<ul>\n"
        for entry in shown {
            let classes = ["toc-level-\(entry.level - top + 1)"] + (entry.status.map { [$0] } ?? [])
            html += "<li class=\"\(classes.joined(separator: " "))\"><a href=\"#\(entry.anchor.htmlEscaped)\">\(entry.html)</a></li>\n"
        }
        return html + "</ul>\n</nav>\n"
    }
}

/// Anchor names unique in one page, made from heading text as GitHub makes them: lower case,
/// letters, digits, `-` and `_`, spaces as `-`; a repeated name gets `-1`, `-2`, ….
struct AnchorNames {
    private var used: Set<String>

    /// `reserved`: names the page already uses (the cells' `cell-N`).
    init(reserved: Set<String> = []) {
        used = reserved
    }

    mutating func unique(for text: String) -> String {
        var base = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "-" || character == "_" {
                base.append(character)
            } else if character == " " {
                base.append("-")
            }
        }
        if base.isEmpty { base = "section" }
        var name = base
        var counter = 1
        while used.contains(name) {
            name = "\(base)-\(counter)"
            counter += 1
        }
        used.insert(name)
        return name
    }
}
