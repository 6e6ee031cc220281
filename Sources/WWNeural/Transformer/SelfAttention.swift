import Foundation
import WWNumerics

/// Multi-head scaled dot-product attention over a batch of padded sequences, as HF BERT's
/// self-attention computes it: for each sample and head, softmax(q kᵀ / sqrt(d)) v, where keys
/// at padded positions get probability 0 (HF adds float32's lowest value to their scores, which
/// the softmax turns into exactly 0).
///
/// `query`, `key`, `value` and `context` are `[batch, length, heads * headSize]` row-major, the
/// layout of the linear layers' outputs: a head is a column block, read through BLAS's leading
/// dimensions without copying.
struct SelfAttention {
    let heads: Int
    let headSize: Int

    var hiddenSize: Int { heads * headSize }

    /// Fills `context` from the three projections; `mask` is `[batch, length]` of 1 (token) or
    /// 0 (padding). (sample, head) pairs are split into `Parallel.parts` fixed parts, each
    /// computed alone, so the result does not depend on the thread count.
    /// `probabilities`, when given (`[batch, heads, length, length]`), keeps each pair's
    /// attention probabilities for the backward pass. `dropout`, when given (same layout), holds
    /// the multipliers of attention-probability dropout (HF's `attention_probs_dropout_prob`),
    /// applied after the probabilities are kept.
    func apply(query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>,
               mask: [Float], batchSize: Int, length: Int, context: UnsafeMutablePointer<Float>,
               probabilities: UnsafeMutablePointer<Float>? = nil, dropout: UnsafePointer<Float>? = nil) {
        let h = hiddenSize, d = headSize, square = length * length
        let scale = Float(1 / Double(d).squareRoot())
        mask.withUnsafeBufferPointer { mask in
            // Empty only for an empty batch, which has no pairs to attend over.
            guard let mask = mask.baseAddress else { return }
            forEachPair(batchSize: batchSize, length: length) { pair, sample, offset, scores, _ in
                BLAS.gemm(transposeB: true, m: length, n: length, k: d, query + offset, lda: h,
                          key + offset, ldb: h, scores, ldc: length)
                softmaxRows(scores, length: length, scale: scale, mask: mask + sample * length)
                probabilities?.advanced(by: pair * square).update(from: scores, count: square)
                if let dropout { Vector.multiply(scores, dropout + pair * square, scores, count: square) }
                BLAS.gemm(m: length, n: d, k: length, scores, lda: length, value + offset, ldb: h,
                          context + offset, ldc: h)
            }
        }
    }

    /// The gradients of query, key and value from the context's, given the probabilities kept
    /// by the forward pass: dV = Pᵀ dC, dP = dC Vᵀ, dS = P ⊙ (dP − rowsum(P ⊙ dP)) / sqrt(d),
    /// dQ = dS K, dK = dSᵀ Q, per (sample, head) pair in the forward pass's fixed parts. With
    /// the forward pass's `dropout` multipliers M, V was weighted by P ⊙ M: dV = (P ⊙ M)ᵀ dC and
    /// dP = (dC Vᵀ) ⊙ M.
    func backward(contextGradient: UnsafePointer<Float>, query: UnsafePointer<Float>, key: UnsafePointer<Float>,
                  value: UnsafePointer<Float>, probabilities: UnsafePointer<Float>, dropout: UnsafePointer<Float>? = nil,
                  batchSize: Int, length: Int, queryGradient: UnsafeMutablePointer<Float>,
                  keyGradient: UnsafeMutablePointer<Float>, valueGradient: UnsafeMutablePointer<Float>) {
        let h = hiddenSize, d = headSize, square = length * length
        let scale = Float(1 / Double(d).squareRoot())
        forEachPair(batchSize: batchSize, length: length) { pair, _, offset, scores, dropped in
                let p = probabilities + pair * square
                var weights = p
                if let dropout {
                    Vector.multiply(p, dropout + pair * square, dropped, count: square)
                    weights = UnsafePointer(dropped)
                }
                BLAS.gemm(transposeA: true, m: length, n: d, k: length, weights, lda: length, contextGradient + offset, ldb: h,
                          valueGradient + offset, ldc: h)
                BLAS.gemm(transposeB: true, m: length, n: length, k: d, contextGradient + offset, lda: h, value + offset,
                          ldb: h, scores, ldc: length)
                if let dropout { Vector.multiply(scores, dropout + pair * square, scores, count: square) }
                for row in 0..<length {
                    let pr = p + row * length, gr = scores + row * length
                    var dot: Float = 0
                    for j in 0..<length { dot += pr[j] * gr[j] }
                    for j in 0..<length { gr[j] = pr[j] * (gr[j] - dot) * scale }
                }
                BLAS.gemm(m: length, n: d, k: length, scores, lda: length, key + offset, ldb: h, queryGradient + offset, ldc: h)
                BLAS.gemm(transposeA: true, m: length, n: d, k: length, scores, lda: length, query + offset, ldb: h,
                          keyGradient + offset, ldc: h)
        }
    }

    /// Runs `body` for every (sample, head) pair, in `Parallel.parts` fixed parts, with the
    /// pair's index, its sample, the offset of its head's column block and two `length x length`
    /// scratch matrices (one pair per part, so the result does not depend on the thread count).
    private func forEachPair(batchSize: Int, length: Int,
                             _ body: (_ pair: Int, _ sample: Int, _ offset: Int, _ scores: UnsafeMutablePointer<Float>,
                                      _ scratch: UnsafeMutablePointer<Float>) -> Void) {
        let pairs = batchSize * heads, square = length * length
        Parallel.forEachPart { part in
            let range = Parallel.range(of: part, count: pairs)
            guard !range.isEmpty else { return }
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: 2 * square)
            defer { scores.deallocate() }
            for pair in range {
                let sample = pair / heads, head = pair % heads
                body(pair, sample, sample * length * hiddenSize + head * headSize, scores, scores + square)
            }
        }
    }

    /// Row-wise softmax of `scale * scores` over the unmasked columns; masked columns become 0.
    private func softmaxRows(_ scores: UnsafeMutablePointer<Float>, length: Int, scale: Float, mask: UnsafePointer<Float>) {
        for row in 0..<length {
            let r = scores + row * length
            var largest = -Float.infinity
            for j in 0..<length where mask[j] != 0 { largest = max(largest, r[j] * scale) }
            guard largest > -Float.infinity else {
                // A sequence with no real token (never produced by the tokeniser, which always
                // adds [CLS]): HF's softmax over equal scores averages every position.
                for j in 0..<length { r[j] = 1 / Float(length) }
                continue
            }
            var sum: Float = 0
            for j in 0..<length {
                let e = mask[j] != 0 ? expf(r[j] * scale - largest) : 0
                r[j] = e
                sum += e
            }
            let inverse = 1 / sum
            for j in 0..<length { r[j] *= inverse }
        }
    }
}
