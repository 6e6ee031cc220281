// Snappy and zstd page decompression with the output size fixed by the caller (see the header).
#include "wwn_page_codecs.h"

#include <snappy-c.h>
#include <stdio.h>
#include <zstd.h>

wwn_codec_status wwn_snappy_decompress(const unsigned char *input, size_t input_size,
                                       unsigned char *output, size_t output_size,
                                       char *message, size_t message_size) {
    size_t declared = 0;
    // The block starts with its decoded length (a varint); check it before decoding anything.
    if (snappy_uncompressed_length((const char *)input, input_size, &declared) != SNAPPY_OK) {
        snprintf(message, message_size, "the snappy block has no valid length header");
        return WWN_CODEC_CORRUPT;
    }
    if (declared != output_size) {
        snprintf(message, message_size, "the snappy block decodes to %zu bytes", declared);
        return WWN_CODEC_WRONG_SIZE;
    }
    size_t written = output_size;
    if (snappy_uncompress((const char *)input, input_size, (char *)output, &written) != SNAPPY_OK) {
        snprintf(message, message_size, "the snappy block is corrupt");
        return WWN_CODEC_CORRUPT;
    }
    if (written != output_size) {
        snprintf(message, message_size, "the snappy block decodes to %zu bytes", written);
        return WWN_CODEC_WRONG_SIZE;
    }
    return WWN_CODEC_OK;
}

wwn_codec_status wwn_zstd_decompress(const unsigned char *input, size_t input_size,
                                     unsigned char *output, size_t output_size,
                                     char *message, size_t message_size) {
    // ZSTD_decompress decodes every frame into the caller's buffer and fails with
    // dstSize_tooSmall rather than write past it; it allocates only its own context.
    size_t written = ZSTD_decompress(output, output_size, input, input_size);
    if (ZSTD_isError(written)) {
        snprintf(message, message_size, "the zstd data is corrupt or decodes to more than %zu bytes (%s)",
                 output_size, ZSTD_getErrorName(written));
        return WWN_CODEC_CORRUPT;
    }
    if (written != output_size) {
        snprintf(message, message_size, "the zstd data decodes to %zu bytes", written);
        return WWN_CODEC_WRONG_SIZE;
    }
    return WWN_CODEC_OK;
}
