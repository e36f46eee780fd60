#ifndef CREDGRAPH_CZLIB_SHIM_H
#define CREDGRAPH_CZLIB_SHIM_H
#include <zlib.h>
#endif
