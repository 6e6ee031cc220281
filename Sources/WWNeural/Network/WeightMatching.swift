/// How `Network.loadWeights` pairs a collection's tensors with the network's parameters.
public enum WeightMatching: String, CaseIterable, Sendable {
    /// By name, as PyTorch's `load_state_dict`: the safe default, since a wrong pairing of two
    /// same-shaped tensors would otherwise go unnoticed.
    case name
    /// By position: the n-th tensor fills the n-th parameter (shapes still checked). Two builds
    /// of one architecture can name their layers differently (Dropout layers shift the indices
    /// of an `nn.Sequential`), yet hold the same weights in the same order.
    case order
}
