// Model files: safetensors, NumPy, PyTorch state dicts (restricted unpickler), directories.
// Each format is read into a `WeightCollection` (WWNumerics).
public enum ModelFormats {}
