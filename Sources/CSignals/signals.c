#include "wwn_signals.h"
#include <signal.h>
#include <string.h>
#include <time.h>

static volatile int interrupted = 0; /* int is async-signal-safe here, like sig_atomic_t */

/* Interrupts nobody polled yet. Code that never polls (one long BLAS call, a stuck system call)
   would otherwise be unkillable from the keyboard; at this many unanswered presses the handler
   restores the default action and re-raises, so the process ends as Ctrl-C normally ends it. */
#define WWN_FORCE_QUIT_PRESSES 3

/* Run just before a force-quit re-raises SIGINT (the CLI removes its temporary files there);
   it must be async-signal-safe. */
static void (*volatile force_quit_hook)(void) = 0;

void wwn_set_force_quit_hook(void (*hook)(void)) { force_quit_hook = hook; }

static void on_interrupt(int sig) {
    if (interrupted < WWN_FORCE_QUIT_PRESSES) interrupted += 1;
    if (interrupted >= WWN_FORCE_QUIT_PRESSES) {
        void (*hook)(void) = force_quit_hook;
        if (hook) hook();
        signal(sig, SIG_DFL);
        raise(sig);
    }
}

void wwn_install_interrupt_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; /* no SA_RESTART: a blocking read returns EINTR so callers can react */
    sigaction(SIGINT, &action, NULL);
}

/* SIGTERM as a polite stop (wwn run): the first one raises the interrupt flag, so the notebook
   runner stops at the next poll and still writes its report; a second one, or one nobody polls
   for, ends the process as SIGTERM normally does (after the force-quit hook). */
static volatile int terminate_requested = 0;
static struct sigaction previous_terminate_action;
static volatile int terminate_handler_installed = 0;

/* A second SIGTERM this soon after the first is the same request delivered twice, not a user
   insisting: GNU timeout (and job schedulers) send it to the command and then to its whole
   process group, and when the handler ran between the two deliveries the second one used to end
   the run without its report (1 run in 3-4 of the SIGTERM hardening test). */
#define WWN_TERMINATE_REPEAT_GRACE_NANOSECONDS 500000000L
static volatile long terminate_first_nanoseconds = 0;

static long monotonic_nanoseconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);  /* async-signal-safe */
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void on_terminate(int sig) {
    if (terminate_requested && monotonic_nanoseconds() - terminate_first_nanoseconds < WWN_TERMINATE_REPEAT_GRACE_NANOSECONDS) {
        return;
    }
    if (terminate_requested) {
        void (*hook)(void) = force_quit_hook;
        if (hook) hook();
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    terminate_first_nanoseconds = monotonic_nanoseconds();
    terminate_requested = 1;
    if (interrupted == 0) interrupted = 1;
}

void wwn_install_termination_as_interrupt(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_terminate;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    terminate_requested = 0;
    sigaction(SIGTERM, &action, &previous_terminate_action);
    terminate_handler_installed = 1;
}

void wwn_restore_termination_handler(void) {
    if (!terminate_handler_installed) return;
    sigaction(SIGTERM, &previous_terminate_action, NULL);
    terminate_handler_installed = 0;
}

int wwn_termination_requested(void) { return terminate_requested != 0; }

void wwn_restore_interrupt_handler(void) {
    signal(SIGINT, SIG_DFL);
}

int wwn_take_interrupt(void) {
    if (!interrupted) return 0;
    interrupted = 0;
    return 1;
}

int wwn_interrupt_pending(void) { return interrupted != 0; }

void wwn_clear_interrupt(void) { interrupted = 0; }

const volatile int *wwn_interrupt_flag(void) { return &interrupted; }
