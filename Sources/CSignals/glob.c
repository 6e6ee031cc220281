#define _GNU_SOURCE
#include "wwn_glob.h"
#include "wwn_signals.h"
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

/* The budget of the glob running on this thread; the callbacks below cannot take a context. */
static _Thread_local size_t entries_left = 0;
static _Thread_local int stop_reason = WWN_GLOB_COMPLETE;

static int should_stop(void) {
    if (stop_reason != WWN_GLOB_COMPLETE) return 1;
    if (wwn_interrupt_pending()) { stop_reason = WWN_GLOB_INTERRUPTED; return 1; }
    return 0;
}

static void *open_directory(const char *path) {
    if (should_stop()) { errno = EINTR; return NULL; }
    return opendir(path);
}

static void *read_directory(void *directory) {
    if (should_stop()) return NULL;
    if (entries_left == 0) { stop_reason = WWN_GLOB_TOO_MANY_ENTRIES; return NULL; }
    entries_left -= 1;
    return readdir((DIR *)directory);
}

static void close_directory(void *directory) { closedir((DIR *)directory); }

static int stat_path(const char *path, void *buffer) { return stat(path, (struct stat *)buffer); }
static int lstat_path(const char *path, void *buffer) { return lstat(path, (struct stat *)buffer); }

int wwn_glob(const char *pattern, int flags, size_t max_entries, glob_t *result, int *stopped) {
    entries_left = max_entries;
    stop_reason = WWN_GLOB_COMPLETE;
    result->gl_opendir = open_directory;
    result->gl_readdir = (void *)read_directory;
    result->gl_closedir = close_directory;
    result->gl_stat = (void *)stat_path;
    result->gl_lstat = (void *)lstat_path;
    int status = glob(pattern, flags | GLOB_ALTDIRFUNC, NULL, result);
    *stopped = stop_reason;
    return status;
}
