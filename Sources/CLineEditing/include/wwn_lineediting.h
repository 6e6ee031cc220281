#ifndef WWN_LINEEDITING_H
#define WWN_LINEEDITING_H
/* Fixed-argument wrappers around libedit calls that are C variadics (el_set, history), which
   Swift cannot call directly. Filled in by the REPL module's needs. */
int wwn_rl_bind_reverse_search(void);
#endif
