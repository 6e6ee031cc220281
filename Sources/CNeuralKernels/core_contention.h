// What the thread pool (thread_pool.c) and its watch on cores (core_contention.c) share.
#ifndef WWN_CORE_CONTENTION_H
#define WWN_CORE_CONTENTION_H

#include <time.h>

/// More workers than any machine wwn targets needs; calls asking for more threads use this many.
#define WWN_POOL_MAX_WORKERS 63

static inline long wwn_now_nanoseconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

/// Records the calling thread as pool worker `index` (called once by each worker).
void wwn_contention_add_worker(long index);

/// How many of `helpers` workers the next call should use: all of them, or none while the
/// workers rest after waiting too long for cores. `workers` is how many the pool has started
/// (all of them are watched). Called by the pool's caller only (one at a time), once per call.
long wwn_contention_helpers(long helpers, long workers);
#endif
