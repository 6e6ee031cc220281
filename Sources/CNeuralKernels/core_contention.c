// Whether the thread pool's workers get cores of their own, and whether they help when they
// do not (see thread_pool.c).
//
// Splitting a call's parts over threads pays only while each thread has a core. When other
// processes want the cores too, each of the pool's threads gets a share of a core, a worker can
// hold a part the caller then waits for, and a spinning worker takes the caller's share: on 2
// cores with one busy process, the MLP epoch on 2 threads ran slower than on 1, while the CNN
// epoch, with longer parts, still gained from its worker. So the caller reads how long the
// workers waited for a core (the run delay of /proc/self/task/ID/schedstat) every 50 ms; when
// they waited too long, it times a window of calls with the workers resting against the window
// before, with them, and keeps the faster way for a hold that doubles while the same way keeps
// winning (a rest is then followed by another timed window with the workers). A window is a
// fixed number of calls, from the start of the first to the start of the next window's first,
// so it holds the same mix of calls and the serial work between them either way. Where
// schedstat cannot be read, the workers always take part.
#define _GNU_SOURCE  // gettid
#include "core_contention.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/// How long the workers are watched before their wait is judged: many of the scheduler's slices
/// (milliseconds each), so one slice's wait is a small share; a look reads one small file per
/// worker, a few microseconds.
#define WWN_CONTENTION_LOOK_NANOSECONDS 50000000L
/// The share of the time a worker may spend waiting for a core before a timed trial: with one
/// busy process on 2 cores, each of the 3 threads waits a third of the time. Measured on 2 cores
/// (MLP epoch, 2 threads, the worker over 1 s): 2 to 9 % with no busy process (other sessions'
/// builds in the background), 36 % with one busy loop.
#define WWN_CONTENTION_WAIT_SHARE 0.20
/// The calls in a timed window: several training steps (8 calls a step for an MLP, ~25 for
/// a CNN), so that a window's mix of calls differs little from the next one's.
#define WWN_CONTENTION_WINDOW_CALLS 256
/// How long the faster way is first kept; doubled each time the same way wins again, up to the
/// longest hold, so a lasting competitor costs one timed window of the slower way every 6.4 s.
#define WWN_CONTENTION_FIRST_HOLD_NANOSECONDS 400000000L
#define WWN_CONTENTION_LONGEST_HOLD_NANOSECONDS 6400000000L

static long worker_ids[WWN_POOL_MAX_WORKERS];
static long rests;
static long look_started, look_workers;   // look_workers == 0: no look under way
static long look_waits[WWN_POOL_MAX_WORKERS];

/// What the pool does with its workers now.
static enum {
    watching,        // workers take part; their wait is looked at
    trying_alone,    // a timed window with the workers resting
    holding_alone,   // the workers rest until hold_until
    trying_shared,   // a timed window with the workers
    holding_shared,  // workers take part, not looked at until hold_until
} state = watching;
static long hold_until, hold = WWN_CONTENTION_FIRST_HOLD_NANOSECONDS;
static long window_started, window_calls;
static long shared_duration = -1, alone_duration = -1;  // the last full window each way

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

/// Whether the workers waited for a core for too large a share of the last look (looking again
/// when the look is old enough).
static int workers_wait_too_long(long now, long workers) {
    if (look_workers != workers) {
        if (!start_look(now, workers)) look_workers = 0;
        return 0;
    }
    long elapsed = now - look_started;
    if (elapsed < WWN_CONTENTION_LOOK_NANOSECONDS) return 0;
    long waited = 0;
    for (long i = 0; i < workers; i++) {
        long wait = run_delay(__atomic_load_n(&worker_ids[i], __ATOMIC_ACQUIRE));
        if (wait < 0) {
            look_workers = 0;
            return 0;
        }
        waited += wait - look_waits[i];
    }
    if (!start_look(now, workers)) look_workers = 0;
    return waited > WWN_CONTENTION_WAIT_SHARE * (double)elapsed * (double)workers;
}

/// Keeps `next`, the way that won, for a hold: longer when it also won last time.
static void hold_state(long now, int next) {
    static int last_winner = -1;
    int won_again = next == last_winner;
    last_winner = next;
    hold = !won_again ? WWN_CONTENTION_FIRST_HOLD_NANOSECONDS
         : hold * 2 < WWN_CONTENTION_LONGEST_HOLD_NANOSECONDS ? hold * 2 : WWN_CONTENTION_LONGEST_HOLD_NANOSECONDS;
    hold_until = now + hold;
    state = next;
}

/// Starts a timed window in state `next`.
static void start_window(long now, int next) {
    window_started = now;
    window_calls = 0;
    state = next;
}

long wwn_contention_helpers(long helpers, long workers) {
    if (workers > WWN_POOL_MAX_WORKERS) workers = WWN_POOL_MAX_WORKERS;
    long now = wwn_now_nanoseconds();
    // The window of the last WWN_CONTENTION_WINDOW_CALLS calls, in every state.
    long duration = -1;
    if (window_calls == WWN_CONTENTION_WINDOW_CALLS) {
        duration = now - window_started;
        window_started = now;
        window_calls = 0;
    }
    window_calls++;
    switch (state) {
    case watching:
        if (duration >= 0) shared_duration = duration;
        if (workers_wait_too_long(now, workers) && shared_duration >= 0) {
            __atomic_add_fetch(&rests, 1, __ATOMIC_RELAXED);
            start_window(now, trying_alone);
            window_calls = 1;
            return 0;
        }
        return helpers;
    case trying_alone:
        if (duration < 0) return 0;
        alone_duration = duration;
        if (alone_duration < shared_duration) {
            hold_state(now, holding_alone);
            return 0;
        }
        hold_state(now, holding_shared);
        return helpers;
    case holding_alone:
        if (now < hold_until) return 0;
        start_window(now, trying_shared);
        window_calls = 1;
        return helpers;
    case trying_shared:
        if (duration < 0) return helpers;
        shared_duration = duration;
        if (shared_duration <= alone_duration) {
            hold_state(now, holding_shared);
            return helpers;
        }
        hold_state(now, holding_alone);
        return 0;
    case holding_shared:
        if (duration >= 0) shared_duration = duration;
        if (now >= hold_until) state = watching;
        return helpers;
    }
    return helpers;
}

long wwn_pool_rest_count(void) { return __atomic_load_n(&rests, __ATOMIC_RELAXED); }
