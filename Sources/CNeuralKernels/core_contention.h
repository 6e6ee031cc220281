// The pool's watch on whether its workers get cores of their own (see core_contention.c).
#ifndef WWN_CORE_CONTENTION_H
#define WWN_CORE_CONTENTION_H

/// Records the calling thread as pool worker `index` (called once by each worker).
void wwn_contention_add_worker(long index);

/// How many of `helpers` workers the next call should use: all of them, or none while the
/// workers rest after waiting too long for cores. Called by the pool's caller only (one at a
/// time), once per call.
long wwn_contention_helpers(long helpers);
#endif
