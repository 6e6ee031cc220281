/// EDA's fixed tries and wwn's bound on augmented copies.
public enum EDALimits {
    /// Augmented sentences per text. EDA's paper recommends 4 to 32 for small and large data
    /// sets; 1,000 copies of one sentence are far past any use and would only exhaust memory
    /// on a large data set.
    public static let maxAugmentationsPerText = 1000
    /// Random insertion looks this many times for a word that has synonyms before giving up
    /// on one insertion (EDA's constant: a sentence of stop words has none).
    static let insertionTries = 10
    /// Random swap redraws the second position this many times when it equals the first,
    /// then leaves the sentence as it is (EDA's constant).
    static let swapRedraws = 3
}
