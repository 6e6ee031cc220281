/// Limits on what a model file may declare. Every size in a file is untrusted input: these caps
/// turn a corrupt or hostile header into an error message instead of a huge allocation, a hang
/// or a crash. Each is far above what real checkpoints use.
public enum ModelFormatLimits {
    /// Largest safetensors JSON header. The reference library refuses headers over 100 MB; a
    /// header of a few thousand tensors is well under 1 MB.
    public static let maxSafetensorsHeaderBytes = 100_000_000
    /// Largest `.npy` header. NumPy writes a few hundred bytes; a megabyte is already absurd.
    public static let maxNumpyHeaderBytes = 1_000_000
    /// Largest `data.pkl` of a PyTorch archive: a state dict's pickle holds only names, shapes
    /// and storage keys (a few MB for the largest language models).
    public static let maxPickleBytes = 256_000_000
    /// Most values an unpickler may create (each push counts). A state dict makes about twenty
    /// per tensor; without a cap, a hostile pickle of one-byte opcodes could ask for gigabytes.
    public static let maxPickleValues = 10_000_000
    /// Largest index file of a sharded checkpoint (`*.index.json`).
    public static let maxIndexBytes = 100_000_000
    /// Most tensors one file may list (large language models have tens of thousands).
    public static let maxTensorCount = 1_000_000
    /// Most dimensions of one tensor (NumPy's own limit is 64).
    public static let maxRank = 64
    /// Deepest nesting of JSON values or pickled containers: real headers nest 3 levels; the
    /// parsers recurse, so an unbounded depth could overflow the stack.
    public static let maxNesting = 100
    /// Most entries of a zip archive (.npz, PyTorch): a state dict has one per storage.
    public static let maxZipEntries = 1_000_000
    /// Deflate's largest expansion (a run of one byte costs about 1 bit per 1032 bytes of
    /// output): a compressed zip entry that declares more than this times its compressed size
    /// is corrupt or hostile, and is refused before anything is allocated.
    public static let maxDeflateRatio = 1032
    /// Largest compressed (deflate) zip entry: it is inflated whole into memory to be read, since
    /// deflate gives no random access. 2 GiB is 500 million float32 weights, more than any one
    /// layer of the models studied; stored entries (PyTorch's, `np.savez`) are read in place
    /// whatever their size.
    public static let maxInflatedEntryBytes = 1 << 31
    /// How many decompressed bytes are enough to read a compressed `.npy` entry's header.
    public static let numpyHeaderProbeBytes = maxNumpyHeaderBytes + 16
    /// Most metadata entries of a GGUF file (real ones have a few dozen; token lists are one
    /// array entry each).
    public static let maxGGUFMetadataEntries = 1_000_000
    /// Longest GGUF string (a key, a tensor name, a chat template): real ones are kilobytes.
    public static let maxGGUFStringBytes = 16 << 20
    /// GGUF tensors have at most 4 dimensions (GGML_MAX_DIMS).
    public static let maxGGUFRank = 4
    /// Largest `general.alignment` accepted (real files use 32).
    public static let maxGGUFAlignment = 1 << 16
    /// Largest HDF5 dataset (a Keras layer's tensor) read, in bytes after conversion: libhdf5
    /// reads a dataset whole into memory. 8 GiB is two billion float32 weights, more than any
    /// one layer of the models studied.
    public static let maxHDF5DatasetBytes = 1 << 33
    /// Largest `config.json` of a `.keras` archive: a model's layer list is kilobytes; a few
    /// thousand layers stay well under a megabyte.
    public static let maxKerasConfigBytes = 64 << 20
    /// Largest `model.weights.h5` inside a `.keras` archive: libhdf5 opens it as an in-memory
    /// copy (the zip gives no file of its own), so it is refused above this before the copy.
    public static let maxKerasWeightsBytes = 1 << 34
}
