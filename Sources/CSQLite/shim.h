#include <sqlite3.h>

// SQLITE_TRANSIENT is a pointer macro Swift cannot import: sqlite3 copies the bound value.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
