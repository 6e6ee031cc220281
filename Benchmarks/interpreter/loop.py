# A 1e6-iteration loop summing into a (top-level) variable.
total = 0
for i in range(1000000):
    total += i
print(total)
