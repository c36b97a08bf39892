#ifndef GSAN_CLIBPQ_SHIM_H
#define GSAN_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
