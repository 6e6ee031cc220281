// swift-tools-version:6.0
// The wwn package: a numerics core, domain modules, the wwn language, and its tools.
// See ARCHITECTURE.md for the layering; every target below names its layer.
import PackageDescription

let package = Package(
    name: "wwn",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "wwn", targets: ["wwn"]),
        .library(name: "WWN", targets: ["WWBase", "WWNumerics", "WWTables", "WWModelFormats", "WWPowerLaw", "WWSpectral", "WWData", "WWNeural",
                                       "WWStatistics", "WWPlot", "WWAugment", "WWDiversity", "WWSyntax", "WWInterpreter", "WWLibrary", "WWNotebook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        // The command line's subcommands, options, help and usage errors (exit 64).
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // HMAC-SHA256 signatures of the Jupyter kernel's messages (WWKernel/MessageSigner.swift).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: System libraries (Debian packages; `make deps` installs them)
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // zlib: raw deflate for .npz entries (WWModelFormats/Inflater.swift) and gzip for .gz data sets.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // PNG (libpng) and JPEG (libjpeg-turbo) decoding for image folders; a C shim because both
        // libraries report fatal errors by longjmp or exit, which Swift cannot catch.
        .target(name: "CImageCodecs", linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("jpeg")]),
        // MATLAB MAT-files (v5; v7.3 through HDF5) through libmatio; a C shim because matio's
        // fatal errors end in abort() unless its log function jumps out first.
        .target(name: "CMATFile", linkerSettings: [.linkedLibrary("matio")]),
        // HDF5 (libhdf5) for Keras checkpoints (.h5, and the model.weights.h5 inside .keras); a C
        // shim because libhdf5 prints its error stack to stderr and its type ids are macros.
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .target(name: "CHDF5File", dependencies: ["CHDF5"]),
        // Snappy and zstd decompression of Parquet pages (libsnappy, libzstd); a C shim so the
        // output size is fixed by the caller and neither library's headers reach Swift.
        .target(name: "CPageCodecs", linkerSettings: [.linkedLibrary("snappy"), .linkedLibrary("zstd")]),
        // Fixed-argument wrappers for libedit's C variadics, which Swift cannot call.
        .target(name: "CLineEditing", dependencies: ["CEditLine"]),
        // ZeroMQ (libzmq) for the Jupyter kernel's sockets; plain C calls, so no shim functions.
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        // Async-signal-safe interrupt flag (SIGINT) polled by the interpreter and long built-ins.
        .target(name: "CSignals"),

        // Vectorised element-wise loops of network training, compiled per CPU level (see the header).
        .target(name: "CNeuralKernels"),

        // MARK: Base and numerics core
        // Cross-cutting pieces every layer shares: the domain-error protocol, cancellation, progress
        // reporting, atomic file writes, exit codes, HTML escaping. Depends on nothing.
        .target(name: "WWBase"),
        .target(name: "WWNumerics", dependencies: ["WWBase", "CBLAS", "CLAPACKE"]),

        // MARK: Domain modules (know nothing of the language)
        .target(name: "WWTables", dependencies: ["WWBase"]),
        // safetensors, NumPy, PyTorch state dicts (restricted unpickler), GGUF, Keras (through CHDF5File),
        // directories of them.
        .target(name: "WWModelFormats", dependencies: ["WWBase", "WWNumerics", "CZlib", "CHDF5File"]),
        // A port of the powerlaw package (Alstott et al.): continuous/discrete power-law fits with its
        // xmin scan, distances, alternative distributions and likelihood-ratio comparisons.
        .target(name: "WWPowerLaw", dependencies: ["WWBase", "WWNumerics"]),
        // ESDs of weight matrices: WeightWatcher's metrics, power-law and MP fits, Delta M.
        .target(name: "WWSpectral", dependencies: ["WWBase", "WWNumerics", "WWPowerLaw", "WWTables"]),
        // Data sets: bundled, synthetic, loaders (images through CImageCodecs, .npy labels through
        // WWModelFormats' NumPy reader, Parquet pages through CPageCodecs), splits and batches.
        .target(name: "WWData", dependencies: ["WWBase", "WWNumerics", "WWModelFormats", "CZlib", "CImageCodecs", "CMATFile", "CPageCodecs"]),
        // Networks, backprop, optimisers, training, evaluation and representation metrics.
        .target(name: "WWNeural", dependencies: ["WWBase", "WWNumerics", "WWData", "WWTables", "WWModelFormats", "CNeuralKernels"]),
        // Image and text augmentations (torchvision's pixel math, policies, EDA) and data mixing.
        .target(name: "WWAugment", dependencies: ["WWBase", "WWNumerics", "WWData"]),
        // Diversity scores: Vendi of any order (kernel and dual paths), weighted Vendi, intdiv.
        .target(name: "WWDiversity", dependencies: ["WWBase", "WWNumerics"]),
        // Correlations, regression, hypothesis tests, Simpson's-paradox checks.
        .target(name: "WWStatistics", dependencies: ["WWBase", "WWNumerics", "WWTables"]),
        // Figures drawn by gnuplot through a pipe.
        .target(name: "WWPlot", dependencies: ["WWBase", "WWTables"]),

        // MARK: The language
        .target(name: "WWSyntax", dependencies: ["WWBase"]),
        // Release builds drop the dynamic exclusivity checks (debug builds and tests keep them): the
        // interpreter's objects (lists, records, registers) are class properties read and written
        // on every operation, and each access cost a swift_beginAccess call (~40 instructions).
        .target(name: "WWInterpreter", dependencies: ["WWBase", "WWSyntax", "WWTables", "WWNumerics", "CSignals"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),

        // The domain modules' built-ins (bindings); registered by the CLI and the library's tests.
        .target(name: "WWLibrary", dependencies: ["WWBase", "WWInterpreter", "WWNumerics", "WWTables", "WWModelFormats", "WWPowerLaw", "WWSpectral",
                                                  "WWData", "WWNeural", "WWStatistics", "WWPlot", "WWAugment", "WWDiversity"]),

        // MARK: Tools on top
        .target(name: "WWNotebook", dependencies: ["WWBase", "WWInterpreter", .product(name: "Ink", package: "Ink")]),
        .target(name: "WWREPL", dependencies: ["WWBase", "WWInterpreter", "WWSyntax", "CLineEditing", "CEditLine", "CSignals"]),
        // wwn as a Jupyter kernel: the wire protocol over ZeroMQ, message signing, dispatch, on
        // top of a REPL-like session (completion and help are the REPL's).
        .target(name: "WWKernel", dependencies: ["WWBase", "WWInterpreter", "WWSyntax", "WWTables", "WWREPL", "CSignals", "CZeroMQ",
                                                 .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(name: "wwn", dependencies: ["WWKernel", .product(name: "ArgumentParser", package: "swift-argument-parser"), "WWBase", "WWInterpreter", "WWSyntax", "WWLibrary", "WWNotebook", "WWREPL", "WWNumerics", "CSignals",
                                                     "WWModelFormats", "WWSpectral", "WWTables"]),

        // MARK: Tests, one target per module
        .testTarget(name: "WWBaseTests", dependencies: ["WWBase"]),
        .testTarget(name: "WWNumericsTests", dependencies: ["WWNumerics"]),
        .testTarget(name: "WWTablesTests", dependencies: ["WWTables"]),
        .testTarget(name: "WWSyntaxTests", dependencies: ["WWSyntax"]),
        .testTarget(name: "WWModelFormatsTests", dependencies: ["WWModelFormats", "WWNumerics"]),
        .testTarget(name: "WWSpectralTests", dependencies: ["WWBase", "WWSpectral", "WWNumerics", "WWTables", "WWModelFormats", "WWNeural"]),
        .testTarget(name: "WWPowerLawTests", dependencies: ["WWPowerLaw"]),
        .testTarget(name: "WWDataTests", dependencies: ["WWBase", "WWData", "WWNumerics"]),
        .testTarget(name: "WWNeuralTests", dependencies: ["WWBase", "WWNeural", "WWData", "WWModelFormats", "WWNumerics", "WWTables"]),
        .testTarget(name: "WWAugmentTests", dependencies: ["WWAugment", "WWBase", "WWData", "WWNumerics"]),
        .testTarget(name: "WWDiversityTests", dependencies: ["WWBase", "WWDiversity", "WWNumerics"]),
        .testTarget(name: "WWStatisticsTests", dependencies: ["WWStatistics", "WWNumerics", "WWTables"]),
        .testTarget(name: "WWPlotTests", dependencies: ["WWPlot", "WWNumerics", "WWTables"]),
        // The runner of the .wwn case corpora, shared by the two test targets below (no XCTest).
        .target(name: "WWCorpusSupport", dependencies: ["WWInterpreter", "WWSyntax"], path: "Tests/WWCorpusSupport"),
        // The language alone: Tests/language with the core built-ins, no domain module.
        .testTarget(name: "WWInterpreterTests", dependencies: ["WWBase", "WWInterpreter", "WWSyntax", "WWCorpusSupport", "CSignals"]),
        // The bindings' own tests (the domain built-ins through the language): Tests/library with
        // WWLibrary's registry, the generated reference, Ctrl-C during training.
        .testTarget(name: "WWLibraryTests", dependencies: ["WWData", "WWDiversity", "WWNeural", "WWPlot", "WWSpectral", "WWLibrary", "WWInterpreter", "WWCorpusSupport", "CSignals"]),
        .testTarget(name: "WWNotebookTests", dependencies: ["WWNotebook", "WWInterpreter", "WWSyntax", "CSignals"]),
        .testTarget(name: "CLITests", dependencies: ["wwn", "WWData"]),
        // The kernel's signing, framing and session, and the .ipynb conversion (no Python);
        // KernelClientTests drive the built binary with the real Jupyter clients from PyPI.
        .testTarget(name: "WWKernelTests", dependencies: ["WWKernel", "WWNotebook", "WWInterpreter", "CSignals", "wwn"]),
        .testTarget(name: "WWREPLTests", dependencies: ["WWREPL", "WWInterpreter"]),
        // Issue 22: hostile files, streams and signals against the built binary (crashes, hangs,
        // users' files, exit codes), each under a timeout and the memory cases under ulimit -v.
        .testTarget(name: "HardeningTests", dependencies: ["wwn"]),
    ],
    swiftLanguageModes: [.v5]
)
