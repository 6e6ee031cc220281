// A small persistent thread pool for the parallel parts of training (see Parallel.swift).
// Dispatch's concurrentPerform wakes a worker for every call; a training step makes several
// calls a few hundred microseconds apart, so here workers spin briefly between calls and
// only then sleep on a condition variable. Spinning and splitting pay only while each thread
// has a core of its own: while other processes keep the workers waiting for cores, the workers
// rest and the caller runs every part itself, for as long as that proves faster (see
// core_contention.c).
#include "core_contention.h"
#include "neural_kernels.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define WWN_PAUSE() _mm_pause()
#else
#define WWN_PAUSE() ((void)0)
#endif

/// How long an idle worker spins before sleeping: longer than the serial gaps between the
/// products of a training step, short enough not to hold a core once training stops.
#define WWN_POOL_SPIN_NANOSECONDS 200000L

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_wake = PTHREAD_COND_INITIALIZER;
static atomic_int pool_busy;
static long pool_workers;               // started so far (only grows; guarded by pool_busy)
static atomic_long pool_generation;     // bumped for every job
static atomic_long pool_sleepers;
static atomic_long pool_next;           // the claim word (see claim_word)
static atomic_long pool_done;           // parts finished
static long pool_participants;
static wwn_part_body pool_body;
static void *pool_context;

// A claim word holds the job's tag, its part count and the next part, so that a worker
// still looking at a finished job can never claim a part of the next one: its compare-and-swap
// fails once the tag changes. While a worker holds a part of a job, that job cannot finish, so
// the body and context it reads after claiming are that job's.
#define TAG_SHIFT 40
#define PARTS_SHIFT 20
#define FIELD_MASK ((1L << PARTS_SHIFT) - 1)

static long claim_word(long generation, long parts) {
    return ((generation & 0xffffffL) << TAG_SHIFT) | (parts << PARTS_SHIFT);
}

static void run_parts(long generation) {
    long tag = generation & 0xffffffL;
    for (;;) {
        long word = atomic_load(&pool_next);
        if ((word >> TAG_SHIFT) != tag) return;
        long parts = (word >> PARTS_SHIFT) & FIELD_MASK, part = word & FIELD_MASK;
        if (part >= parts) return;
        if (!atomic_compare_exchange_weak(&pool_next, &word, word + 1)) continue;
        pool_body(pool_context, part);
        atomic_fetch_add(&pool_done, 1);
    }
}

static void *worker_main(void *argument) {
    long index = (long)argument;
    wwn_contention_add_worker(index);
    long seen = atomic_load(&pool_generation);
    for (;;) {
        long started = wwn_now_nanoseconds();
        long spins = 0;
        while (atomic_load_explicit(&pool_generation, memory_order_acquire) == seen) {
            WWN_PAUSE();
            if ((++spins & 255) == 0 && wwn_now_nanoseconds() - started > WWN_POOL_SPIN_NANOSECONDS) {
                pthread_mutex_lock(&pool_lock);
                atomic_fetch_add(&pool_sleepers, 1);
                while (atomic_load(&pool_generation) == seen) pthread_cond_wait(&pool_wake, &pool_lock);
                atomic_fetch_sub(&pool_sleepers, 1);
                pthread_mutex_unlock(&pool_lock);
            }
        }
        seen = atomic_load(&pool_generation);
        if (index < pool_participants) run_parts(seen);
    }
    return 0;
}

int wwn_pool_run(long threads, long parts, wwn_part_body body, void *context) {
    if (parts <= 0) return 1;
    if (parts > FIELD_MASK) return 0;
    int expected = 0;
    if (!atomic_compare_exchange_strong(&pool_busy, &expected, 1)) return 0;
    long helpers = threads - 1;
    if (helpers > WWN_POOL_MAX_WORKERS) helpers = WWN_POOL_MAX_WORKERS;
    if (helpers > parts - 1) helpers = parts - 1;
    while (pool_workers < helpers) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        int failed = pthread_create(&thread, &attributes, worker_main, (void *)pool_workers);
        pthread_attr_destroy(&attributes);
        if (failed) break;
        pool_workers++;
    }
    if (helpers > pool_workers) helpers = pool_workers;
    helpers = wwn_contention_helpers(helpers, pool_workers);
    if (helpers == 0) {
        for (long part = 0; part < parts; part++) body(context, part);
        atomic_store(&pool_busy, 0);
        return 1;
    }
    pool_body = body;
    pool_context = context;
    pool_participants = helpers;
    long generation = atomic_load(&pool_generation) + 1;
    atomic_store(&pool_done, 0);
    atomic_store(&pool_next, claim_word(generation, parts));
    atomic_store(&pool_generation, generation);  // publishes the job (sequentially consistent)
    if (helpers > 0 && atomic_load(&pool_sleepers) > 0) {
        pthread_mutex_lock(&pool_lock);
        pthread_cond_broadcast(&pool_wake);
        pthread_mutex_unlock(&pool_lock);
    }
    run_parts(generation);
    long spins = 0;
    while (atomic_load_explicit(&pool_done, memory_order_acquire) < parts) {
        WWN_PAUSE();
        if (++spins > 4096) sched_yield();  // a worker was descheduled: let it run
    }
    atomic_store(&pool_busy, 0);
    return 1;
}
