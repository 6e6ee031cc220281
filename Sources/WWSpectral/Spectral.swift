// Empirical spectral densities of weight matrices: WeightWatcher's metrics and fits.
public enum Spectral {}
