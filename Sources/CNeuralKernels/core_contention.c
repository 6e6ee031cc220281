// Whether the thread pool's workers get cores of their own (see thread_pool.c).
//
// Splitting a call's parts over threads pays only while each thread has a core. When other
// processes want the cores too, a worker waits in a run queue while holding a part the caller
// then waits for, and each of the pool's threads gets a share of a core, not a core: on 2 cores
// with one busy process, a training epoch on 2 threads took longer than on 1. So the caller
// reads how long the workers waited for a core (the run delay of /proc/self/task/ID/schedstat)
// every so often; when they waited too long, the workers rest and the caller runs every part
// itself, then the workers are tried again after a rest that doubles while the wait persists.
// Where schedstat cannot be read, the workers always take part.
#define _GNU_SOURCE  // gettid
#include "core_contention.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/// How long the workers are watched before their wait is judged: many of the scheduler's slices
/// (milliseconds each), so one slice's wait is a small share; a look reads one small file per
/// worker, a few microseconds.
#define WWN_CONTENTION_LOOK_NANOSECONDS 50000000L
/// The share of the time a worker may spend waiting for a core before the workers rest: with one
/// busy process on 2 cores, each of the 3 threads waits a third of the time. Measured on 2 cores
/// (MLP epoch, 2 threads, the worker over 1 s): 2 to 9 % with no busy process (other sessions'
/// builds in the background), 36 % with one busy loop.
#define WWN_CONTENTION_WAIT_SHARE 0.20
/// The first rest after the workers waited too long; each further look that finds them waiting
/// too long doubles it, up to the longest rest, so a lasting competitor costs a 50 ms trial of
/// the workers every 1.6 s, and a passing one a 100 ms rest.
#define WWN_CONTENTION_FIRST_REST_NANOSECONDS 100000000L
#define WWN_CONTENTION_LONGEST_REST_NANOSECONDS 1600000000L

static long worker_ids[WWN_POOL_MAX_WORKERS];
static long rests;
static long rest_until, rest = WWN_CONTENTION_FIRST_REST_NANOSECONDS;
static long look_started, look_workers;   // look_workers == 0: no look under way
static long look_waits[WWN_POOL_MAX_WORKERS];

void wwn_contention_add_worker(long index) {
    if (index < WWN_POOL_MAX_WORKERS) __atomic_store_n(&worker_ids[index], (long)gettid(), __ATOMIC_RELEASE);
}

/// The nanoseconds thread `id` of this process has waited in a run queue (the second field of
/// its schedstat), or -1 when that cannot be read.
static long run_delay(long id) {
    if (id == 0) return -1;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%ld/schedstat", id);
    int file = open(path, O_RDONLY);
    if (file < 0) return -1;
    char text[96];
    ssize_t length = read(file, text, sizeof text - 1);
    close(file);
    if (length <= 0) return -1;
    text[length] = 0;
    long running, waiting;
    if (sscanf(text, "%ld %ld", &running, &waiting) != 2) return -1;
    return waiting;
}

/// Starts a look at the first `workers` workers; returns 0 when their run delay cannot be read.
static int start_look(long now, long workers) {
    for (long i = 0; i < workers; i++) {
        look_waits[i] = run_delay(__atomic_load_n(&worker_ids[i], __ATOMIC_ACQUIRE));
        if (look_waits[i] < 0) return 0;
    }
    look_started = now;
    look_workers = workers;
    return 1;
}

long wwn_contention_helpers(long helpers, long workers) {
    if (workers > WWN_POOL_MAX_WORKERS) workers = WWN_POOL_MAX_WORKERS;
    long now = wwn_now_nanoseconds();
    if (now < rest_until) return 0;
    if (look_workers != workers) {
        if (!start_look(now, workers)) look_workers = 0;
        return helpers;
    }
    long elapsed = now - look_started;
    if (elapsed < WWN_CONTENTION_LOOK_NANOSECONDS) return helpers;
    long waited = 0;
    for (long i = 0; i < workers; i++) {
        long wait = run_delay(__atomic_load_n(&worker_ids[i], __ATOMIC_ACQUIRE));
        if (wait < 0) {
            look_workers = 0;
            return helpers;
        }
        waited += wait - look_waits[i];
    }
    if (waited > WWN_CONTENTION_WAIT_SHARE * (double)elapsed * (double)workers) {
        __atomic_add_fetch(&rests, 1, __ATOMIC_RELAXED);
        rest_until = now + rest;
        rest = rest * 2 < WWN_CONTENTION_LONGEST_REST_NANOSECONDS ? rest * 2 : WWN_CONTENTION_LONGEST_REST_NANOSECONDS;
        look_workers = 0;
        return 0;
    }
    rest = WWN_CONTENTION_FIRST_REST_NANOSECONDS;
    if (!start_look(now, workers)) look_workers = 0;
    return helpers;
}

long wwn_pool_rest_count(void) { return __atomic_load_n(&rests, __ATOMIC_RELAXED); }
