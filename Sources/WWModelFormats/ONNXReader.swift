/// Reads an ONNX model (a `ModelProto` protobuf): the initializers of its main graph, in graph
/// order, which is the order WeightWatcher 0.7.7 walks (`enumerate(model.graph.initializer)`,
/// its layer id being the position, biases and every other initializer counted).
///
/// Only the fields on the way are decoded (`ModelProto.graph`, `GraphProto.initializer`, the
/// `TensorProto` fields); the rest (nodes, inputs, opsets) is skipped by length. Sub-graphs of
/// `If`/`Loop` nodes and `sparse_initializer` are not listed, as WeightWatcher does not see them.
/// The producer and its version go to `metadata`.
enum ONNXReader {
    /// onnx.proto's field numbers on the way to the initializers.
    enum FieldNumber {
        static let irVersion = 1
        static let producerName = 2
        static let producerVersion = 3
        static let graph = 7
        static let initializer = 5
    }

    static func read(_ file: MappedFile) throws -> TensorListing {
        let bytes = file.bytes
        var model = ProtobufReader(bytes: bytes, path: file.path, range: 0..<bytes.count)
        var listing = TensorListing()
        var graphs = 0
        while let field = try model.nextField() {
            switch (field.number, field.wireType) {
            case (FieldNumber.irVersion, .varint):
                listing.metadata.append(("ir_version", String(field.integer)))
            case (FieldNumber.producerName, .lengthDelimited):
                listing.metadata.append(("producer_name", model.text(of: field)))
            case (FieldNumber.producerVersion, .lengthDelimited):
                listing.metadata.append(("producer_version", model.text(of: field)))
            case (FieldNumber.graph, .lengthDelimited):
                graphs += 1
                try readGraph(model.message(in: field), file: file, into: &listing)
            case (FieldNumber.graph, _):
                throw model.error(at: field.offset, "the graph field has the wrong protobuf encoding (not an ONNX model?)")
            default:
                continue
            }
        }
        guard graphs > 0 else {
            throw ModelFormatError(file: file.path, "is not an ONNX model: it has no graph (ModelProto field 7)")
        }
        listing.weightWatcherIDs = Dictionary(listing.tensors.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
        return listing
    }

    /// A `GraphProto`'s initializers, appended in order (a repeated graph field merges, as
    /// protobuf merges a message that appears twice).
    static func readGraph(_ message: ProtobufReader, file: MappedFile, into listing: inout TensorListing) throws {
        var graph = message
        while let field = try graph.nextField() {
            guard field.number == FieldNumber.initializer else { continue }
            guard field.wireType == .lengthDelimited else {
                throw graph.error(at: field.offset, "an initializer has the wrong protobuf encoding (damaged file?)")
            }
            guard listing.tensors.count < ModelFormatLimits.maxTensorCount else {
                throw graph.error(at: field.offset, "the graph has more than \(ModelFormatLimits.maxTensorCount) initializers")
            }
            let proto = try ONNXTensorProto(graph.message(in: field), offset: field.offset)
            listing.tensors.append(try proto.storedTensor(in: file))
        }
    }
}
