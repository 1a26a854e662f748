#include <sqlite3.h>
#include "CSQLiteConfig.h"

static int configuration = -1;

__attribute__((constructor)) static void feedsmith_sqlite_configure(void) {
    configuration = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int feedsmith_sqlite_configuration(void) {
    return configuration;
}
