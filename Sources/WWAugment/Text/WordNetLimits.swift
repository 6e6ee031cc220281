/// Bounds on what the WordNet reader accepts from its files, so a corrupt or foreign file
/// gives an error instead of a huge allocation or an endless scan.
public enum WordNetLimits {
    /// Longest synset line read from a data file. WordNet 3.0's longest (in data.noun) is
    /// 12,972 bytes; a line five times longer is not a bigger synset but a broken file.
    public static let maxDataLineBytes = 1 << 16
    /// Largest index or exception file loaded into memory. WordNet 3.0's largest, index.noun,
    /// is 4.8 MB; 64 MB leaves room for extended WordNets without reading arbitrary files whole.
    public static let maxIndexFileBytes = 64 << 20
    /// Bytes read per attempt when looking for the end of a synset line: most lines are well
    /// under 1 KB, so one read usually suffices.
    static let dataReadChunkBytes = 4096
}
