#!/usr/bin/env bash
# Make Debian's Chromium (/usr/bin/chromium) available for the browser tests (tests/browser/).
#
# Missing, as root on Debian: installs the `chromium` package. Otherwise, or when the
# installation fails, says that the browser tests will be skipped; never fails.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

if can_apt_install && apt_install chromium && [ -x "$CHROMIUM" ]; then
    exit 0
fi

log "Chromium absent ($CHROMIUM) : les tests du navigateur seront ignorés."
exit 0
