# String building: 1e5 lines made by interpolation, then joined.
parts = []
for i in range(100000):
    parts.append(f"row {i}: {i % 7}")
text = "\n".join(parts)
print(len(text))
