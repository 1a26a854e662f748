// mimalloc from the system (Debian: libmimalloc-dev). Linking it puts its malloc ahead of glibc's in every
// executable that links the Feedsmith target: see Sources/Feedsmith/MemoryTuning.swift.
#include <mimalloc.h>
