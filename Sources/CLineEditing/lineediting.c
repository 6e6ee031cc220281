#include "wwn_lineediting.h"
#include <stdio.h>
#include <editline/readline.h>

int wwn_rl_bind_reverse_search(void) {
    /* libedit does not bind Ctrl-R by default; its readline layer forwards this to el_parse. */
    return rl_parse_and_bind("bind ^R em-inc-search-prev");
}
