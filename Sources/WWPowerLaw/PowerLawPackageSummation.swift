import Foundation

/// Sums in the order NumPy adds them, so that the quantities the powerlaw package derives from
/// `np.sum` / `np.mean` (the initial exponents, the log-likelihood the optimiser minimises) come
/// out bit for bit where the elementwise values agree. NumPy reduces a contiguous float64 array
/// by pairwise summation: blocks of at most 128 values summed with eight accumulators, larger
/// arrays split in two at a multiple of eight. Python's built-in `sum` (which the powerlaw package
/// uses for the log-likelihood ratio) is a plain left-to-right loop from 0.
enum PowerLawPackageSummation {
    /// NumPy's block size for unrolled summation (`PW_BLOCKSIZE` in its sources).
    private static let blockSize = 128

    /// `np.sum(values)` for a 1-D float64 array.
    static func numpySum(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
            return pairwise(base, buffer.count)
        }
    }

    /// `np.mean(values)`: the pairwise sum divided by the count.
    static func numpyMean(_ values: [Double]) -> Double {
        numpySum(values) / Double(values.count)
    }

    /// `np.std(values)` (population, ddof = 0), as NumPy computes it: the mean, then the pairwise
    /// sum of squared deviations divided by the count, then the square root.
    static func numpyStandardDeviation(_ values: [Double]) -> Double {
        let mean = numpyMean(values)
        let squares = values.map { ($0 - mean) * ($0 - mean) }
        return (numpySum(squares) / Double(values.count)).squareRoot()
    }

    /// Python's built-in `sum` over an array: sequential, starting from 0.
    static func sequentialSum(_ values: [Double]) -> Double {
        var total = 0.0
        for value in values { total += value }
        return total
    }

    private static func pairwise(_ a: UnsafePointer<Double>, _ n: Int) -> Double {
        if n < 8 {
            var result = 0.0
            for i in 0..<n { result += a[i] }
            return result
        }
        if n <= blockSize {
            var r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7]
            var i = 8
            while i < n - (n % 8) {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3]
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7]
                i += 8
            }
            var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n { result += a[i]; i += 1 }
            return result
        }
        var half = n / 2
        half -= half % 8
        return pairwise(a, half) + pairwise(a + half, n - half)
    }
}
