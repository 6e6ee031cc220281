// JPEG decoding through libjpeg-turbo with errors returned, not exited on (see the header).
#include "wwn_image_codecs.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

/// libjpeg's error manager extended with where to jump and what went wrong.
typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    wwn_image_status status;
} jpeg_errors;

/// Fatal errors: keep the message and jump back to wwn_jpeg_decode.
static void on_error(j_common_ptr cinfo) {
    jpeg_errors *errors = (jpeg_errors *)cinfo->err;
    if (errors->status == WWN_IMAGE_OK) errors->status = WWN_IMAGE_CORRUPT;
    longjmp(errors->jump, 1);
}

/// Warnings: the end of the data before the end of the image is fatal (libjpeg would fill the
/// rest with grey; PIL raises "image file is truncated"); others (extraneous bytes before a
/// marker, which PIL ignores too) are not printed.
static void on_message(j_common_ptr cinfo, int level) {
    jpeg_errors *errors = (jpeg_errors *)cinfo->err;
    if (level < 0 && errors->base.msg_code == JWRN_JPEG_EOF) {
        errors->status = WWN_IMAGE_TRUNCATED;
        longjmp(errors->jump, 1);
    }
}

wwn_image_status wwn_jpeg_decode(const unsigned char *data, size_t size, unsigned long max_pixels,
                                 wwn_image *image, char *message, size_t message_size) {
    struct jpeg_decompress_struct cinfo;
    jpeg_errors errors;
    if (message_size > 0) message[0] = 0;

    cinfo.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = on_error;
    errors.base.emit_message = on_message;
    errors.status = WWN_IMAGE_OK;
    if (setjmp(errors.jump)) {
        if (errors.status == WWN_IMAGE_TRUNCATED) {
            snprintf(message, message_size, "the file ends before the image does (truncated)");
        } else if (message_size > 0 && message[0] == 0) {
            char text[JMSG_LENGTH_MAX];
            errors.base.format_message((j_common_ptr)&cinfo, text);
            snprintf(message, message_size, "%s", text);
        }
        jpeg_destroy_decompress(&cinfo);
        return errors.status == WWN_IMAGE_OK ? WWN_IMAGE_CORRUPT : errors.status;
    }
    jpeg_create_decompress(&cinfo);
    if (size > (size_t)(unsigned long)-1) {
        errors.status = WWN_IMAGE_UNSUPPORTED;
        snprintf(message, message_size, "the file is too large for libjpeg's memory source");
        longjmp(errors.jump, 1);
    }
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);

    unsigned long width = cinfo.image_width, height = cinfo.image_height;
    if (width == 0 || height == 0 || (unsigned long long)width * height > max_pixels) {
        errors.status = WWN_IMAGE_TOO_LARGE;
        snprintf(message, message_size, "the header declares %lu x %lu pixels, more than the limit of %lu",
                 width, height, max_pixels);
        longjmp(errors.jump, 1);
    }
    switch (cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE:
        cinfo.out_color_space = JCS_GRAYSCALE;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        errors.status = WWN_IMAGE_UNSUPPORTED;
        snprintf(message, message_size, "CMYK JPEGs are not read (convert the image to RGB)");
        longjmp(errors.jump, 1);
    default:
        cinfo.out_color_space = JCS_RGB;
    }
    jpeg_start_decompress(&cinfo);
    size_t row_bytes = (size_t)cinfo.output_width * cinfo.output_components;
    unsigned char *pixels = wwn_image_reserve(image, row_bytes * cinfo.output_height);
    if (!pixels) {
        errors.status = WWN_IMAGE_NO_MEMORY;
        snprintf(message, message_size, "out of memory for the pixels");
        longjmp(errors.jump, 1);
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = pixels + (size_t)cinfo.output_scanline * row_bytes;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    // Every row is decoded; what follows the last one (normally just the EOI marker) is not read,
    // as in PIL, so a file missing only its end marker still loads.
    jpeg_abort_decompress(&cinfo);
    image->width = (int)cinfo.output_width;
    image->height = (int)cinfo.output_height;
    image->channels = cinfo.output_components;
    jpeg_destroy_decompress(&cinfo);
    return WWN_IMAGE_OK;
}
