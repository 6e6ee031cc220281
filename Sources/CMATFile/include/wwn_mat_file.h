// Numeric arrays from MATLAB MAT-files (v5, and v7.3 through HDF5) through Debian's libmatio.
// matio reports fatal errors through a log function and then calls abort() (Mat_Error is
// declared noreturn), and prints warnings to stderr; this shim installs a log function that
// keeps the message and, for fatal ones, jumps back here, so Swift sees a status.
#ifndef WWN_MAT_FILE_H
#define WWN_MAT_FILE_H

#include <stddef.h>

typedef enum {
    WWN_MAT_OK = 0,
    /// Not a MAT-file matio can open (message empty: matio gives no reason).
    WWN_MAT_NOT_MAT = 1,
    /// The file has no variable of that name.
    WWN_MAT_NO_VARIABLE = 2,
    /// The variable is not a real numeric array (cell, struct, char, sparse, complex).
    WWN_MAT_NOT_NUMERIC = 3,
    /// The variable's dimensions declare more bytes than the caller allows.
    WWN_MAT_TOO_LARGE = 4,
    /// Reading failed (truncated or corrupt data; message from matio when it gave one).
    WWN_MAT_CORRUPT = 5
} wwn_mat_status;

/// One numeric array: `rank` dimensions (MATLAB order), its class (matio's MAT_C_* number:
/// 6 double ... 15 uint64) and its values column-major in that class's C type, malloc'd.
typedef struct {
    int rank;
    size_t dims[16];
    int class_type;
    size_t element_size;
    size_t count;
    void *data;
} wwn_mat_array;

/// Reads variable `name` of `path`. Arrays of more than `max_bytes` bytes are refused from
/// their header, before their data is read. Free the array with wwn_mat_array_free.
wwn_mat_status wwn_mat_read(const char *path, const char *name, size_t max_bytes, wwn_mat_array *array,
                            int *file_version, char *message, size_t message_size);

void wwn_mat_array_free(wwn_mat_array *array);

#endif
