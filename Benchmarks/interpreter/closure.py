# Closures capturing a counter: 5e5 calls of a closure that updates a captured variable.
def counter():
    n = 0
    def next():
        nonlocal n
        n += 1
        return n
    return next

next = counter()
last = 0
for i in range(500000):
    last = next()
print(last)
