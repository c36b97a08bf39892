// zlib, for the gzip-compressed route files (GSAN stores and serves them as .gz).
#ifndef GSAN_CZLIB_SHIM_H
#define GSAN_CZLIB_SHIM_H
#include <zlib.h>

// deflateInit2 is a macro; Swift cannot call it.
static inline int gsan_deflate_init_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
static inline int gsan_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 15 + 16);
}
#endif
