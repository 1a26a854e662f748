#ifndef FEEDSMITH_CFILESYNC_H
#define FEEDSMITH_CFILESYNC_H

/// syncfs(2) for the file system holding `fd`: Glibc declares it only under _GNU_SOURCE, which Swift's
/// Glibc module does not define. Returns 0, or -1 with errno set.
int feedsmith_syncfs(int fd);

#endif
