#!/usr/bin/env python3
"""Reference values for wwn's byte-level BPE tokeniser, computed with HF `tokenizers`.

Run from the repository root with the reference venv (nothing is downloaded):

    /tmp/wwvenv/bin/python tools/make-bpe-fixtures.py

Trains two small byte-level BPE tokenisers on the corpus embedded below and writes under
Tests/Fixtures/bpe/:
- clip/tokenizer.json: configured as CLIP's text tokeniser (openai/clip-vit-base-patch32):
  normaliser Sequence[NFC, Replace(\\s+ -> " "), Lowercase]; pre-tokeniser Sequence[Split on
  CLIP's pattern (behaviour Removed, inverted: the matches are kept), ByteLevel without the
  regex]; BPE with end_of_word_suffix "</w>" and unk_token <|endoftext|>; a TemplateProcessing
  post-processor putting <|startoftext|> ... <|endoftext|> around the text;
- clip-roberta/tokenizer.json: the same model with CLIP's real post-processor,
  RobertaProcessing (cls <|startoftext|>, sep <|endoftext|>);
- gpt2/tokenizer.json: configured as GPT-2's: no normaliser, ByteLevel pre-tokeniser (GPT-2's
  regex, no prefix space), BPE without suffix or unknown token, ByteLevel post-processor,
  <|endoftext|> an added special token; its merges are written in the [a, b] list form;
- gpt2-prefix/tokenizer.json: the GPT-2 one with add_prefix_space true;
- cases.json: for each tokeniser and fixture sentence, the ids and tokens of
  encode(text) (special tokens added), and the ids when truncated to MAX_LENGTH.

The trainer numbers the single characters with the "</w>" suffix in hash order, so the CLIP
files' ids differ from run to run; the cases are always computed from the files of the same run.
"""
import json
from pathlib import Path

import tokenizers
from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

OUT = Path("Tests/Fixtures/bpe")
VOCAB_SIZE = 1200
MAX_LENGTH = 8
CLIP_PATTERN = (r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]"
                r"|[^\s\p{L}\p{N}]+")

CORPUS = [
    "The quick brown fox jumps over the lazy dog.",
    "A photo of a cat sitting on a red mat.",
    "A photo of a dog playing in the snow with a ball.",
    "Two people walking along the beach at sunset.",
    "It's the best thing we've seen; they'll say they'd go, I'm sure.",
    "Neural networks learn weights; the spectra of those weights tell a story.",
    "Heavy-tailed self-regularization appears in well-trained layers.",
    "Café déjà vu: naïve façade, résumé, crème brûlée, São Paulo, Zürich.",
    "东京 北京 上海 中文 字符 日本語 テキスト 한국어",
    "Emoji: 😀 🐱 🚀 ❤️ 👍🏽 and the flag 🇫🇷.",
    "Numbers 0 1 2 3 4 5 6 7 8 9 10 42 100 2024 3.14159 1,000,000.",
    "Punctuation!!! Really??? Yes... (maybe) [brackets] {braces} <angles> -- dashes",
    "email me at someone@example.com or visit https://example.org/path?q=1",
    "UPPER lower MiXeD CaSe words Words WORDS",
    "tabs\tand\nnewlines and    many   spaces",
    "photograph photography photographer photographic",
    "transformer transformers attention attend attended",
    "the of and to in is was for on with as by at from",
] * 3

SENTENCES = [
    "",
    "a photo of a cat",
    "A photo of a dog.",
    "The quick brown fox jumps over the lazy dog.",
    "Hello, world! How are you?",
    "It's what they've done; we'll see, I'd say, you're right, I'm in.",
    "Café déjà vu: naïve façade, résumé.",
    "Crème Brûlée in São Paulo",
    "東京と北京 中文字符 mixed with English words",
    "한국어 テキスト 日本語",
    "Emoji 😀🐱🚀 and 👍🏽 and 🇫🇷 flags",
    "❤️❤️❤️",
    "Numbers like 3.14 and 42 (or $5) count too; 1234567890",
    "2024-12-08 at 01:31:59 UTC",
    "Punctuation!!! Really??? Yes...",
    "?!?!?!... ---- ,,,, ;;;",
    "multiple     spaces   between    words",
    "   leading and trailing spaces   ",
    "tabs\tand\nnewlines\r\nand\u00a0odd\u2003spaces",
    "UPPER lower MiXeD CaSe",
    "ΣΊΣΥΦΟΣ and Greek σοφία",
    "a special <|endoftext|> token in the text",
    "<|startoftext|>starts and ends<|endoftext|>",
    "<|endoftext|><|endoftext|>",
    "Supercalifragilisticexpialidocious antidisestablishmentarianism",
    "pneumonoultramicroscopicsilicovolcanoconiosis" * 4,
    "x" * 300,
    "email someone@example.com or https://example.org/path?q=1&r=2",
    "zyxwv qjkx frobnicate xylophone",
    "photograph photography photographer",
    "don't won't can't shouldn't",
    "THE CAT'S HAT'S",
    "Ünïcödé ÀÉÎÕÜ ñ ç ß ø å",
    "Ａｂｃ fullwidth ｘｙｚ",
    "e\u0301 combining accent and é precomposed",
    "zero\u200bwidth\u200bspace",
    "a",
    " ",
    "!",
    "the the the the the the the the the the the the",
]


def write(tokenizer, name):
    folder = OUT / name
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(folder / "tokenizer.json"))


def cases(tokenizer):
    out = []
    for text in SENTENCES:
        full = tokenizer.encode(text)
        tokenizer.enable_truncation(MAX_LENGTH)
        cut = tokenizer.encode(text)
        tokenizer.no_truncation()
        out.append({"text": text, "ids": full.ids, "tokens": full.tokens, "truncated_ids": cut.ids})
    return out


def clip_tokenizer():
    tokenizer = Tokenizer(models.BPE(unk_token="<|endoftext|>", end_of_word_suffix="</w>",
                                     continuing_subword_prefix=""))
    tokenizer.normalizer = normalizers.Sequence([
        normalizers.NFC(), normalizers.Replace(Regex(r"\s+"), " "), normalizers.Lowercase()])
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(CLIP_PATTERN), behavior="removed", invert=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=VOCAB_SIZE, end_of_word_suffix="</w>", show_progress=False,
                                  special_tokens=["<|startoftext|>", "<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(CORPUS, trainer)
    start, end = tokenizer.token_to_id("<|startoftext|>"), tokenizer.token_to_id("<|endoftext|>")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<|startoftext|> $A <|endoftext|>", pair="<|startoftext|> $A <|endoftext|> $B <|endoftext|>",
        special_tokens=[("<|startoftext|>", start), ("<|endoftext|>", end)])
    return tokenizer


def gpt2_tokenizer(prefix_space):
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=prefix_space, use_regex=True)
    tokenizer.post_processor = processors.ByteLevel(trim_offsets=True)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=VOCAB_SIZE, show_progress=False, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(CORPUS, trainer)
    return tokenizer


def main():
    clip = clip_tokenizer()
    write(clip, "clip")
    roberta = Tokenizer.from_str(clip.to_str())
    roberta.post_processor = processors.RobertaProcessing(
        ("<|endoftext|>", clip.token_to_id("<|endoftext|>")),
        ("<|startoftext|>", clip.token_to_id("<|startoftext|>")), trim_offsets=False, add_prefix_space=False)
    write(roberta, "clip-roberta")
    gpt2 = gpt2_tokenizer(prefix_space=False)
    write(gpt2, "gpt2")
    prefix = gpt2_tokenizer(prefix_space=True)
    write(prefix, "gpt2-prefix")
    # tokenizers 0.23 saves merges as [a, b] lists; CLIP's published file has the older "a b"
    # strings: write the CLIP fixture in that form so both are read.
    path = OUT / "clip" / "tokenizer.json"
    data = json.loads(path.read_text())
    data["model"]["merges"] = [" ".join(pair) if isinstance(pair, list) else pair for pair in data["model"]["merges"]]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    assert Tokenizer.from_file(str(path)).encode("a photo").ids == clip.encode("a photo").ids
    fixtures = {
        "tokenizers_version": tokenizers.__version__,
        "max_length": MAX_LENGTH,
        "tokenizers": {name: cases(tok) for name, tok in
                       [("clip", clip), ("clip-roberta", roberta), ("gpt2", gpt2), ("gpt2-prefix", prefix)]},
    }
    (OUT / "cases.json").write_text(json.dumps(fixtures, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
