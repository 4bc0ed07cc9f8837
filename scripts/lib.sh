# shellcheck shell=bash
# Shared helpers for the scripts in this folder: source it, do not run it.
#
#   . "$(dirname "$0")/lib.sh"
#
# Messages go to stderr, so that a script's stdout stays free for its result
# (ensure-postgres.sh prints a DATABASE_URL there).

# Print a message on stderr.
log() {
    printf '%s\n' "$*" >&2
}

# True when running as root.
is_root() {
    [ "$(id -u)" -eq 0 ]
}

# True on Debian and derivatives (Ubuntu...), where apt-get is available.
is_debian() {
    [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1
}

# True when this script may install Debian packages itself.
can_apt_install() {
    is_root && is_debian
}

# apt_install PACKAGE...: install Debian packages quietly and without questions.
# Runs `apt-get update` only when the first attempt fails (stale or empty package
# lists), then tries again. On failure, shows the end of apt's output and returns 1.
apt_install() {
    local out
    out=$(mktemp)
    log "Installation des paquets Debian : $* …"
    if ! apt_get install -y "$@" >"$out" 2>&1; then
        log "  échec ; mise à jour de la liste des paquets (apt-get update) puis nouvel essai"
        apt_get update >>"$out" 2>&1 || true
        if ! apt_get install -y "$@" >>"$out" 2>&1; then
            tail -n 20 "$out" >&2
            rm -f "$out"
            log "Échec de l'installation de : $*"
            return 1
        fi
    fi
    rm -f "$out"
    return 0
}

# apt-get, non-interactive, waiting up to 5 minutes if another apt or dpkg holds the lock.
apt_get() {
    DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 "$@"
}
