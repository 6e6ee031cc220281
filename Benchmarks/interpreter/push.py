# Building a 1e5-element list with push.
xs = []
for i in range(100000):
    xs.append(i * 2)
print(len(xs), xs[99999])
