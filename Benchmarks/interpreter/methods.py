# Method calls on records: 1e6 calls of methods of an object, o.f(x).
class Stats:
    def square(self, x):
        return x * x

    def add(self, a, b):
        return a + b

stats = Stats()
total = 0
for i in range(500000):
    total = stats.add(total, stats.square(i % 10))
print(total)
