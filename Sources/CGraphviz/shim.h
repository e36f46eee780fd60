#ifndef CREDGRAPH_CGRAPHVIZ_SHIM_H
#define CREDGRAPH_CGRAPHVIZ_SHIM_H

#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvplugin.h>

/* cgraph's graph descriptors are mutable C globals, which Swift 6 refuses to
 * touch from concurrent code; these accessors hand out copies. */
static inline Agdesc_t credgraph_agdirected(void) { return Agdirected; }
static inline Agdesc_t credgraph_agstrictdirected(void) { return Agstrictdirected; }

#endif
