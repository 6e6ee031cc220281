// PNG decoding through libpng with errors returned, not aborted on (see the header).
#include "wwn_image_codecs.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// The reader's state, reached from libpng's callbacks through png_get_*_ptr.
typedef struct {
    const unsigned char *data;
    size_t size;
    size_t offset;
    wwn_image_status status;
    char *message;
    size_t message_size;
} png_source;

static void record(png_source *source, wwn_image_status status, const char *text) {
    if (source->status == WWN_IMAGE_OK) {
        source->status = status;
        snprintf(source->message, source->message_size, "%s", text);
    }
}

/// libpng's error routine: keep the first message and jump back to wwn_png_decode.
static void on_error(png_structp png, png_const_charp text) {
    png_source *source = (png_source *)png_get_error_ptr(png);
    record(source, WWN_IMAGE_CORRUPT, text);
    png_longjmp(png, 1);
}

/// Warnings (bad ancillary chunks, which PIL also ignores) are not printed.
static void on_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

/// Reads from memory; asking past the end is the truncation error.
static void read_bytes(png_structp png, png_bytep out, png_size_t count) {
    png_source *source = (png_source *)png_get_io_ptr(png);
    if (count > source->size - source->offset) {
        record(source, WWN_IMAGE_TRUNCATED, "the file ends before the image does (truncated)");
        png_longjmp(png, 1);
    }
    memcpy(out, source->data + source->offset, count);
    source->offset += count;
}

wwn_image_status wwn_png_decode(const unsigned char *data, size_t size, unsigned long max_pixels,
                                wwn_image *image, char *message, size_t message_size) {
    png_source source = {data, size, 0, WWN_IMAGE_OK, message, message_size};
    // Written between setjmp and a possible longjmp, so volatile: a register copy would be stale.
    png_bytep *volatile rows = NULL;
    png_infop info = NULL;
    if (message_size > 0) message[0] = 0;

    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &source, on_error, on_warning);
    if (!png) {
        snprintf(message, message_size, "libpng could not start");
        return WWN_IMAGE_NO_MEMORY;
    }
    info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        snprintf(message, message_size, "libpng could not start");
        return WWN_IMAGE_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        free(rows);
        return source.status == WWN_IMAGE_OK ? WWN_IMAGE_CORRUPT : source.status;
    }
    png_set_read_fn(png, &source, read_bytes);
    // libpng's own dimension limit (1,000,000 a side by default) stays; the pixel-count limit
    // below is the caller's.
    png_read_info(png, info);

    png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    if (width == 0 || height == 0 || (unsigned long long)width * height > max_pixels) {
        char text[160];
        snprintf(text, sizeof text, "the header declares %lu x %lu pixels, more than the limit of %lu",
                 (unsigned long)width, (unsigned long)height, max_pixels);
        source.status = WWN_IMAGE_TOO_LARGE;
        snprintf(message, message_size, "%s", text);
        png_longjmp(png, 1);
    }
    int color = png_get_color_type(png, info);
    int depth = png_get_bit_depth(png, info);
    if (depth == 16) png_set_strip_16(png);
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    int channels = png_get_channels(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    if (row_bytes != (size_t)width * channels) {
        record(&source, WWN_IMAGE_UNSUPPORTED, "unexpected row layout after conversion to 8 bits");
        png_longjmp(png, 1);
    }
    unsigned char *pixels = wwn_image_reserve(image, row_bytes * height);
    rows = malloc(sizeof(png_bytep) * height);
    if (!pixels || !rows) {
        record(&source, WWN_IMAGE_NO_MEMORY, "out of memory for the pixels");
        png_longjmp(png, 1);
    }
    for (png_uint_32 y = 0; y < height; y++) rows[y] = pixels + y * row_bytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);

    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    image->width = (int)width;
    image->height = (int)height;
    image->channels = channels;
    return WWN_IMAGE_OK;
}

unsigned char *wwn_image_reserve(wwn_image *image, size_t bytes) {
    if (image->pixels && image->capacity >= bytes) return image->pixels;
    free(image->pixels);
    image->pixels = malloc(bytes > 0 ? bytes : 1);
    image->capacity = image->pixels ? bytes : 0;
    return image->pixels;
}

void wwn_image_free(wwn_image *image) {
    free(image->pixels);
    image->pixels = NULL;
    image->capacity = 0;
}
