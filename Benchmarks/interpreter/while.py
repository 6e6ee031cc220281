# The same sum with a while loop and a counter, inside a function (locals, comparisons, two updates).
def count(n):
    total = 0
    i = 0
    while i < n:
        total += i
        i += 1
    return total

print(count(1000000))
