// HDF5 files (Keras .h5 checkpoints, the model.weights.h5 inside a .keras zip) through Debian's
// libhdf5. HDF5 prints its error stack to stderr by default and its type and property ids are
// macros Swift cannot import; this shim silences the stack, turns each failure into a status
// and the innermost message of the stack, and keeps hdf5.h out of Swift.
// libhdf5 as Debian builds it is not thread-safe: every call below takes one process-wide lock.
#ifndef WWN_HDF5_FILE_H
#define WWN_HDF5_FILE_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    WWN_H5_OK = 0,
    /// No object (or attribute) of that name.
    WWN_H5_MISSING = 1,
    /// The object exists but is not what was asked for (not strings, not a dataset, ...).
    WWN_H5_WRONG_KIND = 2,
    /// libhdf5 failed (not HDF5, truncated, corrupt); the message says why.
    WWN_H5_FAILED = 3
} wwn_h5_status;

/// What `wwn_h5_object_kind` finds at a path.
enum { WWN_H5_NONE = 0, WWN_H5_GROUP = 1, WWN_H5_DATASET = 2, WWN_H5_OTHER = 3 };

/// The element class of a dataset.
enum { WWN_H5_FLOAT = 0, WWN_H5_INTEGER = 1, WWN_H5_NOT_NUMERIC = 2 };

#define WWN_H5_MAX_RANK 32

typedef struct {
    int rank;
    uint64_t dims[WWN_H5_MAX_RANK];
    /// WWN_H5_FLOAT, WWN_H5_INTEGER or WWN_H5_NOT_NUMERIC.
    int element_class;
    /// Bytes per stored element (2, 4, 8 for floats).
    size_t element_size;
    /// Whether an integer class is signed.
    int is_signed;
    /// Bytes the dataset occupies in the file (after any compression).
    uint64_t storage_size;
    /// Number of filters (compression, shuffle) in its pipeline; 0 means stored as is.
    int filter_count;
} wwn_h5_dataset;

/// Opens `path` read-only, or, when `image` is not NULL, the `image_size` bytes of an HDF5 file
/// in memory (copied by libhdf5; `path` then only names it). Close with wwn_h5_close.
wwn_h5_status wwn_h5_open(const char *path, const void *image, size_t image_size, int64_t *file,
                          char *message, size_t message_size);
void wwn_h5_close(int64_t file);

/// WWN_H5_NONE, _GROUP, _DATASET or _OTHER for `path` (relative to the root).
int wwn_h5_object_kind(int64_t file, const char *path);

/// The strings of a string (or string-array) attribute of the object at `path`, each ended
/// by a NUL in one malloc'd buffer (`*names`, `*length` bytes, `*count` strings); fixed-length
/// strings lose their padding. Free with wwn_h5_free.
wwn_h5_status wwn_h5_string_attribute(int64_t file, const char *path, const char *attribute,
                                      char **names, size_t *length, size_t *count,
                                      char *message, size_t message_size);

/// The names of a group's links in name order, NUL-separated as above.
wwn_h5_status wwn_h5_group_members(int64_t file, const char *path, char **names, size_t *length,
                                   size_t *count, char *message, size_t message_size);

wwn_h5_status wwn_h5_dataset_info(int64_t file, const char *path, wwn_h5_dataset *info,
                                  char *message, size_t message_size);

/// Reads a whole dataset converted to little-endian `kind` (0: float32, 1: float64, 2: int64)
/// into `buffer` of `byte_count` bytes, which must be the element count times that size.
wwn_h5_status wwn_h5_read(int64_t file, const char *path, int kind, void *buffer, size_t byte_count,
                          char *message, size_t message_size);

void wwn_h5_free(void *pointer);

#endif
