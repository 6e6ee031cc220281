# A notebook-style loop: a cheap built-in called 1e5 times.
acc = 0
for i in range(100000):
    acc += abs(i - 50000)
print(acc)
