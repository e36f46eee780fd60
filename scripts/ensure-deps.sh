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
# Fonts for text measurement in PNG/PDF output.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# GNU time, for the peak RSS figures of `make bench` only.
if [ "${CREDGRAPH_BENCH:-0}" = 1 ]; then
  [ -x /usr/bin/time ] || need+=(time)
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
echo "credgraph: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The gvc plugin registry is written by the plugin packages' postinst; make
# sure it exists even where postinst scripts were skipped.
if command -v dot >/dev/null 2>&1; then $SUDO dot -c || true; fi
