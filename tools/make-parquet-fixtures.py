#!/usr/bin/env python3
"""Parquet text sets written by pyarrow, as HF datasets writes them, for load_text's Parquet reader.

Run from the repository root:  /tmp/wwvenv/bin/python tools/make-parquet-fixtures.py
(needs pyarrow in the venv: pip install pyarrow)

Writes into Tests/Fixtures/parquet/:
- reviews-<codec>-<dict|plain>-v<1|2>.parquet: the same 40 reviews (a nullable string "text" and a
  nullable int64 "label", HF's ClassLabel ids, with HF's "huggingface" schema metadata) for every
  codec (none, snappy, zstd, gzip), with and without dictionary encoding, data pages v1 and v2;
  three row groups (row_group_size 16) and small data pages (data_page_size 256), so a column
  chunk has several pages.
- topics-string-labels.parquet: string labels (class names), int32 "id" and a list column before
  them (so the wanted columns are not the first leaves), page checksums written.
- topics-required.parquet: non-nullable columns (no definition levels), int32 labels.
- fallback.parquet: a dictionary page limit of 64 bytes, so pyarrow falls back from
  RLE_DICTIONARY to PLAIN pages inside one column chunk.
- booleans-v1.parquet, booleans-v2.parquet: boolean labels (PLAIN bit-packed in v1 pages, RLE in
  v2 pages), classes "false" and "true" as the JSON Lines reader names them.
- with-null.parquet: one null text (row 3), which load_text must refuse naming the row.
- expected.json: for every file, the rows as pyarrow reads them (pq.read_table().to_pylist()),
  and the classes and class of each row by load_text's "sorted" rule (ClassOrder.swift:
  numerically when every label is a number, otherwise by Unicode code points), computed here
  independently.
"""
import json
import os

import pyarrow as pa
import pyarrow.parquet as pq

OUT = os.path.join("Tests", "Fixtures", "parquet")
os.makedirs(OUT, exist_ok=True)

SENTENCES = [
    "The refund never arrived.",
    "Great service, café staff were lovely",
    "Charged twice for one order",
    "Fast delivery \u2014 thanks!",
    "Line breaks\nstay inside the string",
    "Tabs\tinside too",
    "\u65e5\u672c\u8a9e\u306e\u30ec\u30d3\u30e5\u30fc",
    "Emoji \U0001F600 count as four UTF-8 bytes",
]


def review(k):
    # Repeats (k % 8) so dictionary encoding pays; every fifth text is unique so pages mix both.
    text = SENTENCES[k % len(SENTENCES)]
    if k % 5 == 0:
        text = f"{text} (review {k})"
    return text, (k * 7) % 3


def class_order(labels):
    """load_text's "sorted" rule, written independently of ClassOrder.swift."""
    names = []
    for label in labels:
        if label not in names:
            names.append(label)

    def number(text):
        try:
            value = float(text)
        except ValueError:
            return None
        return value if value == value and abs(value) != float("inf") else None

    numbers = [number(n) for n in names]
    if all(v is not None for v in numbers):
        names = [n for _, n in sorted(zip(numbers, names))]
    else:
        names = sorted(names, key=lambda n: [ord(c) for c in n])
    return names, [names.index(label) for label in labels]


def label_string(value):
    return "true" if value is True else "false" if value is False else str(value)


expected = {}


def record(name, table, text="text", label="label"):
    path = os.path.join(OUT, name)
    rows = pq.read_table(path).to_pylist()
    entry = {"rows": [{"text": r[text], "label": r[label]} for r in rows], "text": text, "label": label}
    if all(r[text] is not None and r[label] is not None for r in rows):
        for r in rows:
            assert r[text] == r[text].strip(" \t"), "load_text trims spaces and tabs: keep them off the ends"
        classes, indices = class_order([label_string(r[label]) for r in rows])
        entry["classes"] = classes
        entry["y"] = indices
    expected[name] = entry


hf_metadata = {b"huggingface": json.dumps({"info": {"features": {
    "text": {"dtype": "string", "_type": "Value"},
    "label": {"names": ["negative", "neutral", "positive"], "_type": "ClassLabel"}}}}).encode()}
reviews = [review(k) for k in range(40)]
schema = pa.schema([("text", pa.string()), ("label", pa.int64())], metadata=hf_metadata)
table = pa.table({"text": [t for t, _ in reviews], "label": [l for _, l in reviews]}, schema=schema)
for codec in ("none", "snappy", "zstd", "gzip"):
    for dictionary in (True, False):
        for version in ("1.0", "2.0"):
            name = f"reviews-{codec}-{'dict' if dictionary else 'plain'}-v{version[0]}.parquet"
            pq.write_table(table, os.path.join(OUT, name), compression=codec, use_dictionary=dictionary,
                           data_page_version=version, row_group_size=16, data_page_size=256)
            record(name, table)

topics = ["sport", "politics", "Science", "árts", "sport", "politics", "sport", "Science", "árts", "sport"]
table = pa.table({
    "tags": pa.array([[k, k + 1] for k in range(10)], type=pa.list_(pa.int32())),
    "id": pa.array(range(10), type=pa.int32()),
    "label": pa.array(topics),
    "body": pa.array([f"Article {k} about {topic}" for k, topic in enumerate(topics)]),
})
pq.write_table(table, os.path.join(OUT, "topics-string-labels.parquet"), compression="zstd",
               write_page_checksum=True, row_group_size=4)
record("topics-string-labels.parquet", table, text="body")

schema = pa.schema([pa.field("text", pa.string(), nullable=False), pa.field("label", pa.int32(), nullable=False)])
table = pa.table({"text": [f"Required text {k}" for k in range(12)], "label": [(k * 5) % 12 - 2 for k in range(12)]}, schema=schema)
pq.write_table(table, os.path.join(OUT, "topics-required.parquet"), compression="snappy", data_page_version="2.0")
record("topics-required.parquet", table)

table = pa.table({"text": [f"Fallback text number {k} with its own words" for k in range(30)],
                  "label": [f"class {k % 4}" for k in range(30)]})
pq.write_table(table, os.path.join(OUT, "fallback.parquet"), compression="none",
               dictionary_pagesize_limit=64, data_page_size=128, write_batch_size=5)
record("fallback.parquet", table)

table = pa.table({"text": [f"Is statement {k} true?" for k in range(20)], "label": [k % 3 == 0 for k in range(20)]})
for version in ("1.0", "2.0"):
    name = f"booleans-v{version[0]}.parquet"
    pq.write_table(table, os.path.join(OUT, name), compression="snappy", data_page_version=version)
    record(name, table)

table = pa.table({"text": ["one", "two", None, "four"], "label": [0, 1, 0, 1]})
pq.write_table(table, os.path.join(OUT, "with-null.parquet"), compression="none")
record("with-null.parquet", table)

with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f, indent=None, ensure_ascii=False, sort_keys=True)
    f.write("\n")
print("wrote", len(expected), "parquet files and expected.json into", OUT)
