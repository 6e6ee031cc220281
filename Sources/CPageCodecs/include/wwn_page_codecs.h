// Page decompression for the Parquet reader through Debian's libsnappy and libzstd. Both have C
// APIs that return status codes (snappy's C API wraps its C++ core without exceptions); the shim
// keeps their headers out of Swift and gives one calling convention: the caller allocates the
// output at the size the page header declares, and a stream that would decode to any other
// size is refused, so a forged header can never make either library write past the buffer or
// allocate on its own.
#ifndef WWN_PAGE_CODECS_H
#define WWN_PAGE_CODECS_H

#include <stddef.h>

/// How a decompression ended.
typedef enum {
    WWN_CODEC_OK = 0,
    /// The bytes are not a valid stream of the codec (message says why).
    WWN_CODEC_CORRUPT = 1,
    /// The stream is valid but decodes to a size other than `output_size` (message gives it).
    WWN_CODEC_WRONG_SIZE = 2
} wwn_codec_status;

/// Decompresses one raw snappy block (Parquet's SNAPPY codec: no framing) into exactly
/// `output_size` bytes at `output`.
wwn_codec_status wwn_snappy_decompress(const unsigned char *input, size_t input_size,
                                       unsigned char *output, size_t output_size,
                                       char *message, size_t message_size);

/// Decompresses zstd frames (Parquet's ZSTD codec; several frames are decoded one after another)
/// into exactly `output_size` bytes at `output`.
wwn_codec_status wwn_zstd_decompress(const unsigned char *input, size_t input_size,
                                     unsigned char *output, size_t output_size,
                                     char *message, size_t message_size);

#endif
