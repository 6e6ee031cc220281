#!/usr/bin/env python3
"""Reference values for fine-tuning wwn's BERT-layout encoder with a classification head,
computed with HF transformers' BertForSequenceClassification and torch.optim.

Run from the repository root with the reference venv (after tools/make-encoder-fixtures.py,
whose tiny model it reuses; nothing is downloaded):

    /tmp/wwvenv/bin/python tools/make-finetune-fixtures.py

The model is BertForSequenceClassification built from the tiny fixture's BertConfig (2 layers,
hidden 32, 4 heads, vocabulary 153) with 3 labels and every dropout 0 (dropout masks come from
different random streams in wwn and PyTorch, so parity is checked without them). Its `bert`
part is the tiny fixture's BertModel (pooler included); the classifier is drawn here, seeded.

Writes under Tests/Fixtures/encoder/:
- finetune.json: the texts and labels, their token ids (padding to the longest text, the
  tokeniser's truncation at 24), the classifier's initial weights, the logits and mean
  cross-entropy loss of the batch, the optimiser settings, and WeightWatcher 0.7.7's layer ids
  of the classifier model (keyed by weight name);
- finetune-gradients.safetensors: the gradient of the loss with respect to every parameter
  (HF names: bert.embeddings..., bert.pooler.dense..., classifier...);
- finetune-adamw.safetensors, finetune-sgd.safetensors: every parameter after 3 optimiser steps
  on the same batch (torch.optim.AdamW with weight decay; SGD with momentum).
"""
import importlib.util
import json
import platform
from pathlib import Path

import torch
import tokenizers
import transformers
from safetensors.torch import load_file, save_file
from transformers import BertConfig, BertForSequenceClassification

OUT = Path("Tests/Fixtures/encoder")
TINY = OUT / "tiny-bert"

TEXTS = [
    "The cat sat on the mat.",
    "Hello, world! How are you?",
    "Quantum zyxwv frobnicates the xylophone!!!",
    "UPPER lower MiXeD CaSe",
    "Don't stop believing, it's a dog's life -- isn't it?",
    " ".join(["a very long sentence that goes on and on"] * 4),
]
LABELS = [0, 1, 2, 1, 0, 2]
CLASSES = 3
ADAMW = {"lr": 1e-3, "weight_decay": 0.01, "betas": [0.9, 0.999], "eps": 1e-8}
SGD = {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.0}
STEPS = 3


def num(x):
    return float(x)


def encoder_fixtures():
    """tools/make-encoder-fixtures.py as a module (its padding and WeightWatcher id reader)."""
    spec = importlib.util.spec_from_file_location("encoder_fixtures", Path(__file__).parent / "make-encoder-fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ENCODER_FIXTURES = encoder_fixtures()


def build_model():
    config = BertConfig.from_json_file(str(TINY / "config.json"))
    config.num_labels = CLASSES
    config.hidden_dropout_prob = 0.0
    config.attention_probs_dropout_prob = 0.0
    config.classifier_dropout = None
    torch.manual_seed(21)
    model = BertForSequenceClassification(config)
    missing, unexpected = model.bert.load_state_dict(load_file(str(TINY / "model.safetensors")), strict=False)
    assert not unexpected and all(name.endswith("position_ids") or name.endswith("token_type_ids") for name in missing), (missing, unexpected)
    with torch.no_grad():
        model.classifier.weight.copy_(0.3 * torch.randn_like(model.classifier.weight))
        model.classifier.bias.copy_(0.1 * torch.randn_like(model.classifier.bias))
    return model


def batch():
    fast = tokenizers.Tokenizer.from_file(str(TINY / "tokenizer.json"))
    ids = [fast.encode(text).ids for text in TEXTS]
    return (ids, *ENCODER_FIXTURES.padded(ids))


def trained(model, input_ids, mask, labels, make_optimizer):
    copy = build_model()
    copy.load_state_dict(model.state_dict())
    copy.train()
    optimizer = make_optimizer(copy.parameters())
    for _ in range(STEPS):
        optimizer.zero_grad()
        copy(input_ids=input_ids, attention_mask=mask, labels=labels).loss.backward()
        optimizer.step()
    return {name: p.detach().clone().contiguous() for name, p in copy.named_parameters()}


def main():
    torch.set_num_threads(1)
    model = build_model()
    ids, input_ids, mask = batch()
    labels = torch.tensor(LABELS)
    model.train()
    model.zero_grad()
    outputs = model(input_ids=input_ids, attention_mask=mask, labels=labels)
    outputs.loss.backward()
    gradients = {name: p.grad.detach().clone().contiguous() for name, p in model.named_parameters()}
    save_file(gradients, str(OUT / "finetune-gradients.safetensors"))

    adamw = trained(model, input_ids, mask, labels, lambda p: torch.optim.AdamW(
        p, lr=ADAMW["lr"], betas=tuple(ADAMW["betas"]), eps=ADAMW["eps"], weight_decay=ADAMW["weight_decay"]))
    save_file(adamw, str(OUT / "finetune-adamw.safetensors"))
    sgd = trained(model, input_ids, mask, labels, lambda p: torch.optim.SGD(
        p, lr=SGD["lr"], momentum=SGD["momentum"], weight_decay=SGD["weight_decay"]))
    save_file(sgd, str(OUT / "finetune-sgd.safetensors"))

    fixture = {
        "generator": "tools/make-finetune-fixtures.py",
        "versions": {"python": platform.python_version(), "torch": torch.__version__,
                     "transformers": transformers.__version__, "tokenizers": tokenizers.__version__},
        "texts": TEXTS, "labels": LABELS, "classes": CLASSES, "ids": ids, "steps": STEPS,
        "classifier": {"weight": [[num(v) for v in row] for row in model.classifier.weight.tolist()],
                       "bias": [num(v) for v in model.classifier.bias.tolist()]},
        "logits": [[num(v) for v in row] for row in outputs.logits.tolist()],
        "loss": num(outputs.loss.item()),
        "adamw": ADAMW, "sgd": SGD,
        "weightwatcher_ids": ENCODER_FIXTURES.weightwatcher_ids(model.eval()),
    }
    (OUT / "finetune.json").write_text(json.dumps(fixture, indent=1) + "\n")
    print("wrote", OUT / "finetune.json", "and three safetensors files")


if __name__ == "__main__":
    main()
