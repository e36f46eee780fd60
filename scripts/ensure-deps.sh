#!/usr/bin/env bash
# Installs the system packages credgraph builds against, only when missing.
# Quiet and quick when everything is already there; apt-get (with sudo when
# not root) otherwise, so a fresh Debian machine needs no manual step.
set -euo pipefail

need=()
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# libgraphviz-dev brings cgraph, gvc and every render plugin (svg, png, pdf).
pkg-config --exists libgvc 2>/dev/null || need+=(libgraphviz-dev)
pkg-config --exists zlib 2>/dev/null || need+=(zlib1g-dev)
# Fonts for text measurement in PNG/PDF output (the diagrams ask for DejaVu Sans).
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# GNU time, for the peak RSS figures of `make bench` only.
if [ "${CREDGRAPH_BENCH:-0}" = 1 ]; then
  [ -x /usr/bin/time ] || need+=(time)
fi

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

# Graphviz finds its plugins (dot/sfdp layouts, svg, and png/pdf through
# cairo and pango, all in libgvc6) only through the registry config6a, which
# libgvc6's postinst writes with libgvc6-config-update. Without it gvContext
# still works but knows no layout or format; rebuild it when it is missing
# (postinst skipped, or the file removed). There is no `dot` binary to do it.
graphviz_config() {
  local libdir
  libdir=$(pkg-config --variable=libdir libgvc 2>/dev/null || true)
  [ -n "$libdir" ] || return 0
  if ! ls "$libdir"/graphviz/config[0-9]* >/dev/null 2>&1; then
    if [ -x /usr/sbin/libgvc6-config-update ]; then
      echo "credgraph: writing the Graphviz plugin registry" >&2
      $SUDO /usr/sbin/libgvc6-config-update -c
    else
      echo "credgraph: Graphviz plugin registry missing in $libdir/graphviz and libgvc6-config-update not found" >&2
    fi
  fi
}

if [ ${#need[@]} -eq 0 ]; then
  graphviz_config
  exit 0
fi

echo "credgraph: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
graphviz_config
