// Correlations, regression, hypothesis tests and Simpson's-paradox checks.
public enum StatisticalTests {}
