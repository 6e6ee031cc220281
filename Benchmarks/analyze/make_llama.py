"""Writes a random checkpoint with the shapes of a 1.1B-parameter Llama (TinyLlama-1.1B: 22
blocks, hidden 2048, MLP 5632, 32 query and 4 key/value heads, vocabulary 32000) for
Benchmarks/run-llm.sh, in two forms:

  DIR/        HF layout: config.json, model-0000N-of-0000M.safetensors shards (bf16, at most
              SHARD_BYTES each) and model.safetensors.index.json
  GGUF        the same tensors as GGUF v3 with llama.cpp's names, the matrices as Q4_K blocks
              (random quants, half-precision scales d = 2e-3 and dmin = 1e-3 so values stay
              near the bf16 ones' scale), the norms as F32

usage: python make_llama.py DIR GGUF [BLOCKS HIDDEN MLP VOCAB]   (defaults: the 1.1B shapes)
numpy and gguf only; the safetensors headers are written by hand. Seeded: the same files each run.
"""
import json
import os
import struct
import sys

import numpy as np

out_dir, gguf_path = sys.argv[1], sys.argv[2]
blocks, hidden, mlp, vocab = (int(x) for x in (sys.argv[3:7] if len(sys.argv) > 3 else (22, 2048, 5632, 32000)))
heads, kv_heads = 32, 4
kv = hidden // heads * kv_heads
SHARD_BYTES = 1 << 30
rng = np.random.default_rng(11)


def hf_tensors():
    """(name, shape) in module order, HF Llama names."""
    yield "model.embed_tokens.weight", (vocab, hidden)
    for b in range(blocks):
        p = f"model.layers.{b}."
        yield p + "self_attn.q_proj.weight", (hidden, hidden)
        yield p + "self_attn.k_proj.weight", (kv, hidden)
        yield p + "self_attn.v_proj.weight", (kv, hidden)
        yield p + "self_attn.o_proj.weight", (hidden, hidden)
        yield p + "mlp.gate_proj.weight", (mlp, hidden)
        yield p + "mlp.up_proj.weight", (mlp, hidden)
        yield p + "mlp.down_proj.weight", (hidden, mlp)
        yield p + "input_layernorm.weight", (hidden,)
        yield p + "post_attention_layernorm.weight", (hidden,)
    yield "model.norm.weight", (hidden,)
    yield "lm_head.weight", (vocab, hidden)


GGUF_NAMES = {"self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v",
              "self_attn.o_proj": "attn_output", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
              "mlp.down_proj": "ffn_down", "input_layernorm": "attn_norm", "post_attention_layernorm": "ffn_norm"}


def gguf_name(name):
    if name == "model.embed_tokens.weight":
        return "token_embd.weight"
    if name == "model.norm.weight":
        return "output_norm.weight"
    if name == "lm_head.weight":
        return "output.weight"
    _, _, b, rest = name.split(".", 3)
    return f"blk.{b}.{GGUF_NAMES[rest[:-len('.weight')]]}.weight"


def bf16_bytes(shape):
    """Random N(0, 0.02) weights (norms: 1 + small noise) as bf16, rounded to nearest even."""
    values = rng.standard_normal(shape, dtype=np.float32)
    values = 1 + 0.01 * values if len(shape) == 1 else 0.02 * values
    bits = values.view(np.uint32)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16).tobytes()


def write_shard(path, entries):
    header, offset = {}, 0
    for name, shape, data in entries:
        header[name] = {"dtype": "BF16", "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for _, _, data in entries:
            f.write(data)
    os.replace(path + ".tmp", path)


def write_safetensors():
    os.makedirs(out_dir, exist_ok=True)
    shards, current, size = [], [], 0
    for name, shape in hf_tensors():
        data = bf16_bytes(shape)
        if current and size + len(data) > SHARD_BYTES:
            shards.append(current)
            current, size = [], 0
        current.append((name, shape, data))
        size += len(data)
        if size > SHARD_BYTES:  # a tensor bigger than a shard gets one of its own
            shards.append(current)
            current, size = [], 0
    if current:
        shards.append(current)
    weight_map = {}
    for i, entries in enumerate(shards):
        file = f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors"
        write_shard(os.path.join(out_dir, file), entries)
        for name, _, _ in entries:
            weight_map[name] = file
        shards[i] = None  # free the shard's bytes
    total = sum(int(np.prod(shape)) * 2 for _, shape in hf_tensors())
    with open(os.path.join(out_dir, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=1)
    config = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": hidden,
              "intermediate_size": mlp, "num_hidden_layers": blocks, "num_attention_heads": heads,
              "num_key_value_heads": kv_heads, "vocab_size": vocab, "torch_dtype": "bfloat16"}
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=1)


def write_gguf():
    import gguf
    from gguf.constants import GGML_QUANT_SIZES
    q4k = gguf.GGMLQuantizationType.Q4_K
    block, size = GGML_QUANT_SIZES[q4k]
    scales = np.array([2e-3, 1e-3], dtype=np.float16).view(np.uint8)
    writer = gguf.GGUFWriter(gguf_path + ".tmp", "llama")
    writer.add_uint32("llama.block_count", blocks)
    writer.add_uint32("llama.embedding_length", hidden)
    writer.add_uint32("llama.feed_forward_length", mlp)
    for name, shape in hf_tensors():
        if len(shape) == 1:
            writer.add_tensor(gguf_name(name), (1 + 0.01 * rng.standard_normal(shape)).astype(np.float32))
            continue
        rows, columns = shape
        raw = rng.integers(0, 256, size=(rows, columns // block, size), dtype=np.uint8)
        raw[:, :, 0:4] = scales
        writer.add_tensor(gguf_name(name), raw.reshape(rows, columns // block * size), raw_dtype=q4k)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    os.replace(gguf_path + ".tmp", gguf_path)


write_safetensors()
write_gguf()
