# Sorting 1e5 numbers with a key function.
xs = [(i * 7919) % 100003 for i in range(100000)]
ys = sorted(xs, key=lambda x: -x)
print(ys[0], ys[99999])
