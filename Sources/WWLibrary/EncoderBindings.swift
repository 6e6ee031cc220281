import Foundation
import WWInterpreter
import WWNeural
import WWNumerics

extension Registry {
    /// Built-ins for pretrained transformer encoders: loading, building, tokenising, embedding.
    func defineEncoders() {
        define("load_network(path, tokenizer = nil, arch = nil, input_shape = nil) -> network", category: "Networks",
               doc: "A runnable transformer encoder from an HF model directory of BERT layout (BERT, MiniLM such as all-MiniLM-L6-v2): `config.json` (model_type \"bert\"), `model.safetensors` and, when present, `tokenizer.json` (or the file `tokenizer` names; WordPiece or byte-level BPE, chosen by its model type, as HF `tokenizers` reads it: see tokenizer()). Weights keep HF's names (`embeddings.word_embeddings.weight`, `encoder.layer.0.attention.self.query.weight`, ..., `pooler.dense.weight`), so `analyze` reads the network as it reads the checkpoint. A tensor missing, misshapen or left over is an error naming the first that does not fit. sentence-transformers' `sentence_bert_config.json` gives the longest sequence embedded (`max_seq_length`); otherwise the tokeniser's truncation length, else the model's positions. Encoders run through embed(); to fine-tune one, put a head on it with classifier(). With `arch`, `path` is instead a torchvision state dict (`torch.save(model.state_dict(), path)`: a `.pt`/`.pth` file, read by the restricted unpickler, or safetensors) of the architecture named as in torchvision.models: \"resnet18\", \"resnet34\", \"resnet50\", \"resnet101\", \"resnet152\", \"vgg11\" ... \"vgg19\", \"vgg11_bn\" ... \"vgg19_bn\"; the network is the one resnet() or vgg() builds, with as many classes as the last layer has rows (a VGG state dict with a single Linear `classifier` gets the CIFAR head), for `input_shape` [3, 224, 224] unless given, running statistics included. A tensor missing, misshapen or left over is an error naming the first that does not fit.") { call in
            let path = try call.string("path")
            if let arch = try call.optionalString("arch") {
                guard try call.isNil("tokenizer") else {
                    throw BuiltinError("argument 'tokenizer' is for transformer encoders; a torchvision network (arch: \"\(arch)\") has none")
                }
                let shape = try call.isNil("input_shape") ? nil : try call.integers("input_shape")
                return .object(NetworkObject(try Network.loadTorchvision(path: (path as NSString).expandingTildeInPath,
                                                                         architecture: try TorchvisionArchitecture(named: arch),
                                                                         inputShape: shape)))
            }
            return .object(NetworkObject(try Network.loadEncoder(directory: path, tokenizer: try call.optionalString("tokenizer"))))
        }
        define("transformer_encoder(vocab_size, hidden = 768, layers = 12, heads = 12, intermediate = 3072, max_positions = 512, type_vocab_size = 2, pooler = true, seed = nil) -> network",
               category: "Networks",
               doc: "A BERT-layout encoder (HF `BertModel`) with HF's module names and shapes: `embeddings` (word, position and token-type embeddings, LayerNorm), `layers` × `encoder.layer.N` (multi-head self-attention with `heads` heads, residual and LayerNorm; feed-forward of width `intermediate` with the exact GELU, residual and LayerNorm), and `pooler` (dense and tanh on the first token) unless `pooler` is false. Weights are drawn as HF initialises BERT (normal with sd 0.02, biases 0, LayerNorm 1 and 0). It has no tokeniser: load_network gives one with a checkpoint.") { call in
            let configuration = BertConfiguration(
                vocabularySize: try call.integer("vocab_size", in: 1...TransformerLimits.maxVocabularySize),
                hiddenSize: try call.integer("hidden", in: 1...TransformerLimits.maxHiddenSize),
                layerCount: try call.integer("layers", in: 1...TransformerLimits.maxEncoderLayers),
                headCount: try call.integer("heads", in: 1...TransformerLimits.maxHiddenSize),
                intermediateSize: try call.integer("intermediate", in: 1...TransformerLimits.maxHiddenSize),
                maxPositions: try call.integer("max_positions", in: 1...TransformerLimits.maxPositions),
                typeVocabularySize: try call.integer("type_vocab_size", in: 1...TransformerLimits.maxVocabularySize))
            return .object(NetworkObject(try Network.transformerEncoder(configuration, pooler: try call.bool("pooler"),
                                                                        seed: try call.seed("seed"))))
        }
        define("classifier(model, classes, pooling = \"cls\", dropout = 0.1, attention_dropout = 0.1, max_length = nil, seed = nil) -> network",
               category: "Networks",
               doc: "A new network for fine-tuning: a copy of the encoder `model` (load_network, transformer_encoder; it is left unchanged) with a classification head of `classes` outputs, laid out and named as HF's BertForSequenceClassification: `bert.embeddings.*`, `bert.encoder.layer.N.*`, `bert.pooler.dense.*`, `classifier.weight` and `classifier.bias`, so `analyze` reads it as it reads that model's checkpoint. `pooling` \"cls\" runs BERT's pooler (dense and tanh; the encoder's own when it has one, else drawn) on the first token; \"mean\" averages the last layer's states over each text's real tokens and has no pooler. `dropout` (HF's hidden_dropout_prob: after the embeddings, after the attention output and feed-forward projections, before the classifier) and `attention_dropout` (on the attention probabilities) act only while training, with masks from train's seed (the same bits on any thread count). New weights are drawn as HF does (normal with sd 0.02, biases 0) from `seed`. `max_length` cuts longer texts (special tokens included; by default the encoder's). The network trains with train() on a data set of labelled texts (load_text, or dataset(texts, labels)), tokenised with the encoder's tokeniser and padded batch by batch to the longest text with the attention mask; predict, accuracy, logits and probabilities take such sets too, and embed still gives the encoder's embeddings.") { call in
            let model = try call.network("model")
            let options = ClassifierHeadOptions(
                classes: try call.integer("classes", in: 1...ClassifierHeadOptions.maxClasses),
                pooling: try call.choice("pooling", of: ClassifierPooling.self), hiddenDropout: try call.number("dropout"),
                attentionDropout: try call.number("attention_dropout"),
                maxLength: try call.optionalInteger("max_length", in: 2...TransformerLimits.maxPositions), seed: try call.seed("seed"))
            return .object(NetworkObject(try model.sequenceClassifier(options)))
        }
        define("tokenizer(path) -> tokenizer", category: "Networks",
               doc: "A tokeniser read from an HF `tokenizer.json`, chosen by its model type: WordPiece (BERT, MiniLM: BertNormalizer, BertPreTokenizer, [CLS] ... [SEP]) or byte-level BPE (CLIP's text tower: NFC, whitespace runs to one space, lowercase, CLIP's Split pattern, ByteLevel, the end-of-word suffix \"</w>\", <|startoftext|> ... <|endoftext|>; GPT-2: ByteLevel with GPT-2's pattern, no special tokens around the text). Added (special) tokens are matched in the raw text first. The ids are those of HF `tokenizers`, token for token. Another model, normaliser, pre-tokeniser or post-processor, BPE dropout, or merges naming tokens outside the vocabulary are errors naming the file and the part. Use it with tokenize(); its fields: `kind` (\"WordPiece\" or \"BPE\"), `vocab_size`, `path`.") { call in
            .object(TokenizerObject(try TokenizerFile.read(path: try call.string("path"))))
        }
        define("tokenize(model, texts, max_length = nil) -> list", category: "Networks",
               doc: "The token ids of each text as a tokeniser makes them: `model` is an encoder network (load_network; its tokenizer.json) or a tokenizer (tokenizer()). WordPiece gives [CLS], the WordPiece ids (lowercased, accents stripped, punctuation split, unknown words [UNK]), [SEP]; byte-level BPE (CLIP, GPT-2) its merged byte pieces with the post-processor's special tokens around them. Texts are cut to `max_length` ids, special tokens included (by default the network's; for a tokenizer the file's truncation length, else not cut). A list of lists of whole numbers, one per text.") { call in
            let texts = try call.textCollection("texts")
            let ids: [[Int]]
            switch try call.value("model") {
            case .object(let object as TokenizerObject):
                ids = object.tokenizer.encode(texts, maxLength: try call.optionalInteger("max_length", in: 1...Int(Int32.max)))
            case .object(let object as NetworkObject):
                ids = try object.network.tokenize(texts, maxLength: try call.optionalInteger("max_length", in: 2...TransformerLimits.maxPositions))
            default:
                throw call.fail("model", expected: "a network or a tokenizer")
            }
            return .list(ListObject(ids.map { .list(ListObject($0.map { .number(Double($0)) })) }))
        }
        define("embed(model, texts, pooling = \"mean\", normalize = false, batch_size = 32, max_length = nil, layer = nil) -> tensor", category: "Networks",
               doc: "Embeddings of texts (a list of strings, or a data set that keeps its texts: load_text, text augmentations) by a transformer encoder (load_network): the texts are tokenised, sorted by length and run in batches of `batch_size` through the embeddings and every encoder layer (not the pooler), with a progress bar on a terminal; Ctrl-C stops between batches. `pooling` \"mean\" averages the last layer's states over each text's real tokens (sentence-transformers' mean pooling), \"cls\" takes the first token's, both a texts × hidden tensor; \"none\" gives every token's state, texts × longest × hidden, zeros past each text's end. `normalize` divides each pooled vector by its norm (sentence-transformers' normalised embeddings). `max_length` cuts longer texts (special tokens included); by default the network's (256 for all-MiniLM-L6-v2). `layer` chooses whose states are pooled, numbered as HF's `hidden_states`: 0 the embeddings' output, i encoder layer i, -1 (or nil) the last layer, -2 the one before.") { call in
            let model = try call.network("model")
            let options = EmbeddingOptions(pooling: try call.choice("pooling", of: EmbeddingPooling.self), normalizes: try call.bool("normalize"),
                                           batchSize: try call.integer("batch_size", in: 1...TransformerLimits.maxBatchSize),
                                           maxLength: try call.optionalInteger("max_length", in: 2...TransformerLimits.maxPositions),
                                           layer: try call.optionalInteger("layer", in: -TransformerLimits.maxEncoderLayers - 1...TransformerLimits.maxEncoderLayers))
            let texts = try call.textCollection("texts")
            let bar = TerminalProgressBar.forStandardError()
            return .object(TensorObject(try model.embed(texts, options: options, progress: bar, cancellation: .interrupt)))
        }
    }
}
