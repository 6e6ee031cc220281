#ifndef WWN_NEURAL_KERNELS_H
#define WWN_NEURAL_KERNELS_H
/// Element-wise loops of the training hot path, in C so that they are vectorised for the CPU
/// they run on: each is compiled for AVX-512, AVX2 and baseline x86-64 and chosen at load time
/// (target_clones). Swift release builds target baseline x86-64 only and do not vectorise
/// loops with comparisons, which made these loops 5 to 10 times slower than the memory allows.
///
/// Every function gives bit-identical results on every variant: no fused multiply-add
/// contraction, and the one reduction (`wwn_sum`) adds in a fixed order of 16 lanes.

/// y = x < 0 ? 0 : x (NaN stays NaN); x and y may be the same.
void wwn_relu(const float *x, float *y, long count);
/// dx = y > 0 ? dy : 0; dx may be dy.
void wwn_relu_backward(const float *dy, const float *y, float *dx, long count);
/// dx = dy * (1 - y * y); dx may be dy.
void wwn_tanh_backward(const float *dy, const float *y, float *dx, long count);
/// z = x * m; z may be x.
void wwn_multiply(const float *x, const float *m, float *z, long count);
/// x += value.
void wwn_add_scalar(float value, float *x, long count);
/// y += x.
void wwn_accumulate(const float *x, float *y, long count);
/// The exact GELU in place (erf by Abramowitz and Stegun 7.1.26, as PyTorch's vectorised erf).
void wwn_gelu(float *x, long count);
/// The sum of x: 16 partial sums over i mod 16, then added in lane order.
float wwn_sum(const float *x, long count);
/// p -= rate * (g + decay * p).
void wwn_sgd(float *p, const float *g, long count, float rate, float decay);
/// PyTorch's SGD with momentum: d = g + decay * p; b = first ? d : momentum * b + keep * d;
/// p -= rate * (nesterov ? d + momentum * b : b).
void wwn_sgd_momentum(float *p, const float *g, float *b, long count, float rate, float decay, float momentum,
                      float keep, int first, int nesterov);
/// 2x2 max pooling with stride 2 of one channels-first image (floor mode): the maximum of each
/// window (the first on ties; NaN wins) and its offset within the image.
void wwn_max_pool_2x2(const float *x, float *y, int *winners, long channels, long height, long width);

/// The shape of a convolution over one channels-first image: input channels × height × width,
/// kernel, stride, zero padding, and the output size.
typedef struct {
    long channels, height, width, kernel_height, kernel_width, stride, padding, output_height, output_width;
} wwn_patch_geometry;

/// Unfolds one image's patches ("im2col"): row (c·kh + ki)·kw + kj, column oh·OW + ow of
/// `columns` (rows `row_stride` apart) holds the pixel under kernel tap (ki, kj) for output
/// position (oh, ow), or 0 in the padding.
void wwn_unfold(const wwn_patch_geometry *g, const float *image, float *columns, long row_stride);
/// The adjoint of wwn_unfold ("col2im"): adds every patch entry onto the pixel it came from.
void wwn_fold(const wwn_patch_geometry *g, const float *columns, long row_stride, float *image);

/// BatchNorm's statistics over one channel's run of `count` values, added to *sum and *squares:
/// the sum of x - center and of (x - center)², in 8 double lanes added in lane order (so the
/// same bits on every variant). A center near the mean (one of the channel's values) keeps the
/// one-pass variance accurate.
void wwn_shifted_moments(const float *x, long count, double center, double *sum, double *squares);
/// BatchNorm's backward sums over one channel's run, added to *sum and *dot: the sum of dy and
/// of dy · (x - center), in 8 double lanes added in lane order.
void wwn_gradient_moments(const float *dy, const float *x, long count, double center, double *sum, double *dot);
/// y = x · a + b (BatchNorm's forward with its per-channel terms); y may be x.
void wwn_affine(const float *x, float *y, long count, float a, float b);
/// BatchNorm's input gradient in training mode, as PyTorch's CPU kernel:
/// dx = (dy - mean_gradient - (x - mean) · k) · scale.
void wwn_batch_norm_input_gradient(const float *dy, const float *x, float *dx, long count, float mean, float k,
                                   float mean_gradient, float scale);
/// z = max(a + b, 0) (a residual join followed by ReLU); z may be a or b.
void wwn_add_relu(const float *a, const float *b, float *z, long count);
/// z = a + b; z may be a or b.
void wwn_add(const float *a, const float *b, float *z, long count);
/// Global average pooling of `planes` runs of `plane` values each: y[i] = mean of run i
/// (summed in 8 float lanes in lane order, then divided).
void wwn_plane_means(const float *x, float *y, long planes, long plane);

/// Whether every one of the `count` values is finite (no NaN, no infinity).
int wwn_all_finite(const float *x, long count);

/// The work of one part: `body(context, part)`.
typedef void (*wwn_part_body)(void *context, long part);

/// Runs `body(context, part)` for every part in 0..<parts on up to `threads` threads (the
/// caller and `threads - 1` pool workers kept alive between calls); returns when all are done.
/// Threads claim the next part as they become free. Idle workers spin for a short while
/// before sleeping, so back-to-back calls of a training step do not pay a wake-up each.
/// While other threads keep the workers waiting for cores, the workers rest and the caller runs
/// every part itself, for as long as that proves faster (core_contention.c).
/// Returns 0 when the pool is in use by another call (a nested or concurrent one): the caller
/// must then run the parts itself.
int wwn_pool_run(long threads, long parts, wwn_part_body body, void *context);
/// How many times the pool's workers have stood down because other threads kept them waiting
/// for cores (the caller then runs every part for at least one timed window of calls): for
/// tests and diagnostics.
long wwn_pool_rest_count(void);
#endif
