// PNG and JPEG decoding through Debian's libpng and libjpeg-turbo, with their fatal errors
// turned into return codes. Both libraries report a fatal error by calling an error routine
// that must not return; their defaults print to stderr and exit (libjpeg) or abort. Swift
// cannot catch a longjmp, so the setjmp/longjmp lives here, in C, and Swift sees a status.
#ifndef WWN_IMAGE_CODECS_H
#define WWN_IMAGE_CODECS_H

#include <stddef.h>

/// How a decode ended.
typedef enum {
    WWN_IMAGE_OK = 0,
    /// The bytes are not a valid image of the format (message says why).
    WWN_IMAGE_CORRUPT = 1,
    /// The file ends before the image does.
    WWN_IMAGE_TRUNCATED = 2,
    /// The header declares more pixels than the caller allows (nothing was allocated for them).
    WWN_IMAGE_TOO_LARGE = 3,
    /// A valid image of a kind not read (e.g. a CMYK JPEG).
    WWN_IMAGE_UNSUPPORTED = 4,
    /// malloc failed.
    WWN_IMAGE_NO_MEMORY = 5
} wwn_image_status;

/// A decoded image: `height` rows of `width` pixels of `channels` interleaved bytes (1 grey,
/// 2 grey + alpha, 3 RGB, 4 RGBA), rows packed. `pixels` is a malloc'd buffer of `capacity`
/// bytes that the caller owns (free with wwn_image_free). A decoder reuses the buffer it is given
/// when it is large enough, so a loop over many images allocates (and faults in) the pixel
/// memory once instead of per image; start from a zeroed struct. The buffer stays the caller's
/// whether the decode succeeds or fails.
typedef struct {
    int width;
    int height;
    int channels;
    unsigned char *pixels;
    size_t capacity;
} wwn_image;

/// `image->pixels` with room for `bytes` (the old buffer when large enough), or NULL when
/// malloc fails (then the struct holds no buffer).
unsigned char *wwn_image_reserve(wwn_image *image, size_t bytes);

/// Decodes a PNG held in memory. Palettes become RGB, grey below 8 bits becomes 8-bit grey,
/// 16-bit samples keep their high byte (as PIL does for RGB), transparency chunks are ignored
/// (alpha channels are kept). Images whose width * height exceeds `max_pixels` are refused
/// from the header. On failure `message` (of `message_size` bytes) says why.
wwn_image_status wwn_png_decode(const unsigned char *data, size_t size, unsigned long max_pixels,
                                wwn_image *image, char *message, size_t message_size);

/// Decodes a baseline or progressive JPEG held in memory to grey or RGB (the libjpeg
/// defaults PIL uses: islow DCT, fancy upsampling). A file that ends early is an error, as in
/// PIL, not a grey-filled image. CMYK and YCCK files are refused.
wwn_image_status wwn_jpeg_decode(const unsigned char *data, size_t size, unsigned long max_pixels,
                                 wwn_image *image, char *message, size_t message_size);

/// Frees a decoded image's pixels (safe on an image that holds none).
void wwn_image_free(wwn_image *image);

#endif
