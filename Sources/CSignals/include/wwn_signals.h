#ifndef WWN_SIGNALS_H
#define WWN_SIGNALS_H
/// Installs a SIGINT handler that only raises a flag; the interpreter and long built-ins poll it
/// (Lua's lua.c approach), so an interrupt never tears down state mid-update. Three presses that
/// nobody polled (a long BLAS call) restore the default action and end the process.
void wwn_install_interrupt_handler(void);
/// Sets a function run (inside the handler, so async-signal-safe only) just before three
/// unanswered presses end the process; NULL for none.
void wwn_set_force_quit_hook(void (*hook)(void));
/// Restores the default SIGINT disposition (a second Ctrl-C then kills a stuck process).
void wwn_restore_interrupt_handler(void);
/// Makes SIGTERM stop the program as Ctrl-C does (the notebook runner writes its report and
/// exits 143): the first SIGTERM raises the interrupt flag and is remembered; a second one runs
/// the force-quit hook and ends the process. The previous SIGTERM action is saved.
void wwn_install_termination_as_interrupt(void);
/// Puts back the SIGTERM action saved by wwn_install_termination_as_interrupt.
void wwn_restore_termination_handler(void);
/// Non-zero once a SIGTERM arrived while wwn_install_termination_as_interrupt was in force.
int wwn_termination_requested(void);
/// Returns non-zero once per interrupt and clears the flag.
int wwn_take_interrupt(void);
/// Non-zero while an interrupt is pending, without clearing it.
int wwn_interrupt_pending(void);
void wwn_clear_interrupt(void);
/// The flag itself, for hot loops that check it with a plain load instead of a call (non-zero
/// while an interrupt is pending). Writes go through the functions above.
const volatile int *wwn_interrupt_flag(void);
#endif
