import WWBase

/// Why WordNet could not be read; messages name the directory or the file and line at fault.
public enum WordNetError: DomainError, CustomStringConvertible, Equatable {
    /// A file WordNet needs is absent: the directory and the file are named, with the fix.
    case missingFile(directory: String, file: String)
    /// A file that does not parse as WordNet 3.0: the file, where (a line or byte offset) and why.
    case malformed(file: String, location: String, reason: String)

    public var description: String {
        switch self {
        case .missingFile(let directory, let file):
            return "WordNet is not installed in \(directory): \(file) is missing. Install it with "
                + "`apt-get install wordnet-base` (which fills /usr/share/wordnet), or set WWN_WORDNET_DIR "
                + "to a directory holding WordNet 3.0's index.*, data.* and *.exc files."
        case .malformed(let file, let location, let reason):
            return "\(file), \(location): \(reason) (not a WordNet 3.0 file?)"
        }
    }
}
