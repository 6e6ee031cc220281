# A table built row by row: 2e4 records of three fields added one at a time (a list of dicts).
t = []
for i in range(20000):
    t.append({"step": i, "loss": 1 / (i + 1), "acc": i % 7})
print(len(t), sum(r["acc"] for r in t))
