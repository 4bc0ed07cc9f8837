#!/usr/bin/env bash
# Make GNU gettext's msgfmt available: Django's compilemessages and makemessages need it.
#
# Missing, as root on Debian: installs the `gettext` package. Missing otherwise: explains
# what to install and fails, since the French catalogue could not be compiled.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

if command -v msgfmt >/dev/null 2>&1; then
    exit 0
fi

if can_apt_install; then
    apt_install gettext
else
    log "msgfmt (GNU gettext) est introuvable : il sert à compiler les traductions."
    log "Installez-le, par exemple : sudo apt-get install gettext (Debian, Ubuntu) ou brew install gettext (macOS)."
    exit 1
fi
