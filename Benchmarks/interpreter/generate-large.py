"""Writes two equivalent programs of at least 10 MB (wwn and Python) whose top-level code is cheap
to run: function declarations (never called), literals, records, strings. Running them measures
the front end: for wwn parse + resolve + compile, for CPython parse + compile to bytecode.

usage: generate-large.py OUT.wwn OUT.py [megabytes]
"""
import sys

WWN = '''# step {i}: données, ключ, 😀
let data{i} = [1, 2, 3, 4.5, 1e-3, 0xff, 1_000]
fn scale{i}(x, factor = 2) {{
  let y = x * factor + 1
  if y > 10 {{ return y ^ 2 }} else {{ y - 1 }}
}}
fn summarize{i}(xs) {{
  var total = 0
  for v in xs {{ total += scale{i}(v) % 7 }}
  while total > 100 {{ total -= 10 }}
  let size = if total > 50 {{ "big" }} else if total > 5 {{ "medium" }} else {{ "small" }}
  {{total, size, doubled: xs |> map(fn(v) => v * 2) |> sum}}
}}
let rec{i} = {{name: "run {i}", level: 0.1, tags: ["a", "b"], ok: true, nested: {{k: nil}}}}
let msg{i} = "record \\(rec{i}.name) at level \\(rec{i}.level * 100)%"
rec{i}.level = rec{i}.level + 0.1
'''

PY = '''# step {i}: données, ключ, 😀
data{i} = [1, 2, 3, 4.5, 1e-3, 0xff, 1_000]
def scale{i}(x, factor=2):
    y = x * factor + 1
    if y > 10:
        return y ** 2
    else:
        return y - 1
def summarize{i}(xs):
    total = 0
    for v in xs:
        total += scale{i}(v) % 7
    while total > 100:
        total -= 10
    size = "big" if total > 50 else ("medium" if total > 5 else "small")
    return {{"total": total, "size": size, "doubled": sum(map(lambda v: v * 2, xs))}}
rec{i} = {{"name": "run {i}", "level": 0.1, "tags": ["a", "b"], "ok": True, "nested": {{"k": None}}}}
msg{i} = f"record {{rec{i}['name']}} at level {{rec{i}['level'] * 100}}%"
rec{i}["level"] = rec{i}["level"] + 0.1
'''


def write(path, template, target, footer):
    size = 0
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        while size < target:
            chunk = template.format(i=count)
            out.write(chunk)
            size += len(chunk.encode("utf-8"))
            count += 1
        out.write(footer.format(n=count))
    return size, count


def main():
    wwn_path, py_path = sys.argv[1], sys.argv[2]
    megabytes = float(sys.argv[3]) if len(sys.argv) > 3 else 10
    target = int(megabytes * 1_000_000)
    write(wwn_path, WWN, target, 'print("{n} steps", rec0.level)\n')
    write(py_path, PY, target, 'print("{n} steps", rec0["level"])\n')


main()
