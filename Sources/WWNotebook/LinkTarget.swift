import Foundation

/// Link and image targets as Ink writes them into `href` and `src` (unescaped).
enum LinkTarget {
    /// Schemes that run code when followed.
    static let scriptSchemes = ["javascript:", "vbscript:", "data:"]
    /// `data:` images are pictures, not code.
    static let imageDataPrefixes = ["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"]

    /// A reference definition (`[id]: url`) with its URL sanitized; other lines unchanged.
    static func sanitizedDefinition(_ line: String) -> String {
        let indent = line.prefix { $0 == " " }
        let rest = line.dropFirst(indent.count)
        guard indent.count <= 3, rest.first == "[", let close = rest.firstIndex(of: "]"),
              rest[rest.index(after: close)...].first == ":" else { return line }
        let head = rest[...rest.index(after: close)]
        let target = rest[rest.index(close, offsetBy: 2)...].trimmingCharacters(in: .whitespaces)
        return String(indent) + head + " " + sanitized(target, isImage: false)
    }

    static func sanitized(_ target: String, isImage: Bool) -> String {
        let squeezed = String(target.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }).lowercased()
        if scriptSchemes.contains(where: squeezed.hasPrefix),
           !(isImage && imageDataPrefixes.contains(where: squeezed.hasPrefix)) {
            return "#"
        }
        var out = ""
        for scalar in target.unicodeScalars {
            switch scalar {
            case "\"": out += "%22"
            case "'": out += "%27"
            case "<": out += "%3C"
            case ">": out += "%3E"
            case "`": out += "%60"
            case " ": out += "%20"
            case "&": out += "&amp;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
