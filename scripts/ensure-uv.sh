#!/usr/bin/env bash
# Install uv with pip when it is missing (https://docs.astral.sh/uv/).
#
# uv lands in ~/.local/bin (pip --user) or beside the Python that installed it; the
# Makefile's UV variable looks in both places and falls back on `python3 -m uv`.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

if command -v uv >/dev/null 2>&1 || [ -x "$HOME/.local/bin/uv" ]; then
    exit 0
fi

log "uv introuvable : installation avec pip …"

if ! python3 -m pip --version >/dev/null 2>&1; then
    if can_apt_install; then
        apt_install python3-pip
    else
        log "pip est absent. Installez uv (https://docs.astral.sh/uv/) ou pip (python3-pip), puis relancez."
        exit 1
    fi
fi

# In order: a user install; a plain install (inside a virtualenv, where --user is refused);
# a user install on a system Python that refuses pip by default (PEP 668, Debian 12):
# uv is a single binary with no dependencies, so nothing of the system's is touched.
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if python3 -m pip install --quiet --user uv >"$out" 2>&1 ||
    python3 -m pip install --quiet uv >>"$out" 2>&1 ||
    python3 -m pip install --quiet --user --break-system-packages uv >>"$out" 2>&1; then
    log "uv installé."
else
    cat "$out" >&2
    log "Échec de l'installation de uv avec pip. Voir https://docs.astral.sh/uv/ pour l'installer autrement."
    exit 1
fi
