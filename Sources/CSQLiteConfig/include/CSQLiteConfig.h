#ifndef FEEDSMITH_CSQLITECONFIG_H
#define FEEDSMITH_CSQLITECONFIG_H

/// SQLite's process-wide settings for Feedsmith, made when the executable loads: before `main`, so before any
/// thread could be using SQLite (`sqlite3_config` must not run beside any other SQLite call, and it is
/// variadic, which Swift cannot call). One setting: no memory statistics. With them (SQLite's default), every
/// allocation and free SQLite makes takes one process-wide mutex to count it, which the writer and the readers
/// contend for; Feedsmith never reads those counts. (Connections need no setting of their own: GRDB opens
/// them with SQLITE_OPEN_NOMUTEX, since it hands each to one thread at a time.)
/// Returns what `sqlite3_config` answered at load: SQLITE_OK (0), or SQLite's error code when it refused
/// (SQLITE_MISUSE when SQLite was already initialized), and then nothing changed; -1 if the constructor never ran.
int feedsmith_sqlite_configuration(void);

#endif
