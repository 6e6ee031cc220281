#ifndef WWN_GLOB_H
#define WWN_GLOB_H
#include <glob.h>
#include <stddef.h>

/// Why `wwn_glob` stopped reading directories early (0: it did not).
enum {
    WWN_GLOB_COMPLETE = 0,
    WWN_GLOB_INTERRUPTED = 1,   /* Ctrl-C was pressed: the interrupt flag stays raised */
    WWN_GLOB_TOO_MANY_ENTRIES = 2
};

/// glob(3) that can be stopped: a pattern such as `/*/*/*/*/*/*` walks the whole file system
/// for minutes inside the C library, where the interpreter cannot poll Ctrl-C. This one reads
/// directories through callbacks (GLOB_ALTDIRFUNC) that stop listing once an interrupt is
/// pending or `max_entries` directory entries have been read, and says which in `*stopped`.
/// Returns glob's status; `result` must be freed with globfree either way.
int wwn_glob(const char *pattern, int flags, size_t max_entries, glob_t *result, int *stopped);
#endif
