#include "neural_kernels.h"

// Bit-identical results on every variant: never contract a * b + c into a fused multiply-add.
#pragma clang fp contract(off)

#if defined(__x86_64__) && defined(__linux__)
#define WWN_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define WWN_CLONES
#endif

WWN_CLONES void wwn_relu(const float *x, float *y, long count) {
    for (long i = 0; i < count; i++) y[i] = x[i] < 0 ? 0 : x[i];
}

WWN_CLONES void wwn_relu_backward(const float *dy, const float *y, float *dx, long count) {
    for (long i = 0; i < count; i++) {
        float g = dy[i];  // loaded unconditionally, so the loop vectorises
        dx[i] = y[i] > 0 ? g : 0;
    }
}

WWN_CLONES void wwn_tanh_backward(const float *dy, const float *y, float *dx, long count) {
    for (long i = 0; i < count; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
}

WWN_CLONES void wwn_multiply(const float *x, const float *m, float *z, long count) {
    for (long i = 0; i < count; i++) z[i] = x[i] * m[i];
}

WWN_CLONES void wwn_add_scalar(float value, float *x, long count) {
    for (long i = 0; i < count; i++) x[i] += value;
}

WWN_CLONES void wwn_accumulate(const float *x, float *y, long count) {
    for (long i = 0; i < count; i++) y[i] += x[i];
}

WWN_CLONES float wwn_sum(const float *x, long count) {
    float lanes[16] = {0};
    long i = 0;
    for (; i + 16 <= count; i += 16)
        for (int j = 0; j < 16; j++) lanes[j] += x[i + j];
    float total = 0;
    for (int j = 0; j < 16; j++) total += lanes[j];
    for (; i < count; i++) total += x[i];
    return total;
}

WWN_CLONES void wwn_sgd(float *p, const float *g, long count, float rate, float decay) {
    for (long i = 0; i < count; i++) p[i] -= rate * (g[i] + decay * p[i]);
}

WWN_CLONES void wwn_sgd_momentum(float *p, const float *g, float *b, long count, float rate, float decay, float momentum,
                                 float keep, int first, int nesterov) {
    for (long i = 0; i < count; i++) {
        float d = g[i] + decay * p[i];
        float previous = b[i];
        float v = first ? d : momentum * previous + keep * d;
        b[i] = v;
        p[i] -= rate * (nesterov ? d + momentum * v : v);
    }
}

WWN_CLONES void wwn_max_pool_2x2(const float *x, float *y, int *winners, long channels, long height, long width) {
    long out_height = height / 2, out_width = width / 2, o = 0;
    for (long c = 0; c < channels; c++) {
        const long plane = c * height * width;
        for (long oh = 0; oh < out_height; oh++) {
            const long top = plane + 2 * oh * width, bottom = top + width;
            for (long ow = 0; ow < out_width; ow++, o++) {
                const long candidates[4] = {top + 2 * ow, top + 2 * ow + 1, bottom + 2 * ow, bottom + 2 * ow + 1};
                long best = candidates[0];
                float value = x[best];
                for (int k = 1; k < 4; k++) {
                    float v = x[candidates[k]];
                    if (v > value || (v != v && value == value)) {
                        value = v;
                        best = candidates[k];
                    }
                }
                y[o] = value;
                winners[o] = (int)best;
            }
        }
    }
}

/// The output columns [*low, *high) whose input column ow·stride − padding + kj is inside the image.
static inline void valid_columns(const wwn_patch_geometry *g, long kj, long *low, long *high) {
    long lo = 0, hi = g->output_width;
    while (lo < hi && lo * g->stride - g->padding + kj < 0) lo++;
    while (hi > lo && (hi - 1) * g->stride - g->padding + kj >= g->width) hi--;
    *low = lo;
    *high = hi;
}

WWN_CLONES void wwn_unfold(const wwn_patch_geometry *g, const float *image, float *columns, long row_stride) {
    long row = 0;
    for (long c = 0; c < g->channels; c++) {
        const float *plane = image + c * g->height * g->width;
        for (long ki = 0; ki < g->kernel_height; ki++) {
            for (long kj = 0; kj < g->kernel_width; kj++, row++) {
                float *destination = columns + row * row_stride;
                long lo, hi;
                valid_columns(g, kj, &lo, &hi);
                for (long oh = 0; oh < g->output_height; oh++) {
                    float *out = destination + oh * g->output_width;
                    long ih = oh * g->stride - g->padding + ki;
                    if (ih < 0 || ih >= g->height) {
                        for (long ow = 0; ow < g->output_width; ow++) out[ow] = 0;
                        continue;
                    }
                    const float *source = plane + ih * g->width - g->padding + kj;
                    for (long ow = 0; ow < lo; ow++) out[ow] = 0;
                    if (g->stride == 1) {
                        for (long ow = lo; ow < hi; ow++) out[ow] = source[ow];
                    } else {
                        for (long ow = lo; ow < hi; ow++) out[ow] = source[ow * g->stride];
                    }
                    for (long ow = hi; ow < g->output_width; ow++) out[ow] = 0;
                }
            }
        }
    }
}

WWN_CLONES void wwn_fold(const wwn_patch_geometry *g, const float *columns, long row_stride, float *image) {
    long row = 0;
    for (long c = 0; c < g->channels; c++) {
        float *plane = image + c * g->height * g->width;
        for (long ki = 0; ki < g->kernel_height; ki++) {
            for (long kj = 0; kj < g->kernel_width; kj++, row++) {
                const float *source = columns + row * row_stride;
                long lo, hi;
                valid_columns(g, kj, &lo, &hi);
                for (long oh = 0; oh < g->output_height; oh++) {
                    long ih = oh * g->stride - g->padding + ki;
                    if (ih < 0 || ih >= g->height) continue;
                    const float *in = source + oh * g->output_width;
                    float *destination = plane + ih * g->width - g->padding + kj;
                    if (g->stride == 1) {
                        for (long ow = lo; ow < hi; ow++) destination[ow] += in[ow];
                    } else {
                        for (long ow = lo; ow < hi; ow++) destination[ow * g->stride] += in[ow];
                    }
                }
            }
        }
    }
}

WWN_CLONES int wwn_all_finite(const float *x, long count) {
    // A float is NaN or infinite exactly when its exponent bits are all ones.
    const unsigned *bits = (const unsigned *)x;
    unsigned bad = 0;
    for (long i = 0; i < count; i++) bad |= (bits[i] & 0x7f800000u) == 0x7f800000u;
    return !bad;
}

/// The number of double lanes of the BatchNorm sums: a whole AVX-512 register, two AVX2 ones.
#define WWN_MOMENT_LANES 8

WWN_CLONES void wwn_shifted_moments(const float *x, long count, double center, double *sum, double *squares) {
    double s[WWN_MOMENT_LANES] = {0}, q[WWN_MOMENT_LANES] = {0};
    long i = 0;
    for (; i + WWN_MOMENT_LANES <= count; i += WWN_MOMENT_LANES)
        for (int j = 0; j < WWN_MOMENT_LANES; j++) {
            double d = (double)x[i + j] - center;
            s[j] += d;
            q[j] += d * d;
        }
    double total = 0, total_squares = 0;
    for (int j = 0; j < WWN_MOMENT_LANES; j++) {
        total += s[j];
        total_squares += q[j];
    }
    for (; i < count; i++) {
        double d = (double)x[i] - center;
        total += d;
        total_squares += d * d;
    }
    *sum += total;
    *squares += total_squares;
}

WWN_CLONES void wwn_gradient_moments(const float *dy, const float *x, long count, double center, double *sum, double *dot) {
    double s[WWN_MOMENT_LANES] = {0}, p[WWN_MOMENT_LANES] = {0};
    long i = 0;
    for (; i + WWN_MOMENT_LANES <= count; i += WWN_MOMENT_LANES)
        for (int j = 0; j < WWN_MOMENT_LANES; j++) {
            double g = dy[i + j];
            s[j] += g;
            p[j] += g * ((double)x[i + j] - center);
        }
    double total = 0, total_dot = 0;
    for (int j = 0; j < WWN_MOMENT_LANES; j++) {
        total += s[j];
        total_dot += p[j];
    }
    for (; i < count; i++) {
        double g = dy[i];
        total += g;
        total_dot += g * ((double)x[i] - center);
    }
    *sum += total;
    *dot += total_dot;
}

WWN_CLONES void wwn_affine(const float *x, float *y, long count, float a, float b) {
    for (long i = 0; i < count; i++) y[i] = x[i] * a + b;
}

WWN_CLONES void wwn_batch_norm_input_gradient(const float *dy, const float *x, float *dx, long count, float mean, float k,
                                              float mean_gradient, float scale) {
    for (long i = 0; i < count; i++) dx[i] = (dy[i] - mean_gradient - (x[i] - mean) * k) * scale;
}

WWN_CLONES void wwn_plane_means(const float *x, float *y, long planes, long plane) {
    for (long p = 0; p < planes; p++) {
        const float *run = x + p * plane;
        float lanes[8] = {0};
        long i = 0;
        for (; i + 8 <= plane; i += 8)
            for (int j = 0; j < 8; j++) lanes[j] += run[i + j];
        float total = 0;
        for (int j = 0; j < 8; j++) total += lanes[j];
        for (; i < plane; i++) total += run[i];
        y[p] = total / (float)plane;
    }
}

WWN_CLONES void wwn_add_relu(const float *a, const float *b, float *z, long count) {
    for (long i = 0; i < count; i++) {
        float v = a[i] + b[i];
        z[i] = v < 0 ? 0 : v;
    }
}

WWN_CLONES void wwn_add(const float *a, const float *b, float *z, long count) {
    for (long i = 0; i < count; i++) z[i] = a[i] + b[i];
}

// exp(x) for x <= 0 without a library call, so the GELU loop vectorises: Cephes' expf (range
// reduction by n ln 2 in two parts, degree-6 polynomial, 2^n built in the exponent bits); about
// 1 ulp. x is clamped at -87.3 (exp is then ~1e-38, and 2^n stays a normal number).
static inline float wwn_exp_nonpositive(float x) {
    x = x < -87.3f ? -87.3f : x;
    float n = __builtin_floorf(x * 1.44269504088896341f + 0.5f);
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float y = p * r * r + r + 1.0f;
    union { int i; float f; } scale = { .i = ((int)n + 127) << 23 };
    return y * scale.f;
}

// The exact GELU in place, x Φ(x) = x (1 + erf(x / √2)) / 2, with erf by Abramowitz and Stegun
// 7.1.26 (absolute error below 1.5e-7), the formula PyTorch's vectorised CPU erf uses. glibc's
// erff is a scalar call: on MiniLM's feed-forward layers it took a fifth of the embedding time.
WWN_CLONES void wwn_gelu(float *x, long count) {
    for (long i = 0; i < count; i++) {
        float v = x[i];
        float z = v * 0.70710678118654752f;
        float a = z < 0 ? -z : z;
        float t = 1.0f / (1.0f + 0.3275911f * a);
        float r = 1.061405429f;
        r = r * t - 1.453152027f;
        r = r * t + 1.421413741f;
        r = r * t - 0.284496736f;
        r = r * t + 0.254829592f;
        float e = 1.0f - r * t * wwn_exp_nonpositive(-z * z);
        float erf = z < 0 ? -e : e;
        x[i] = 0.5f * v * (1.0f + erf);
    }
}
