#!/usr/bin/env bash
# A throwaway Samba Active Directory domain controller for the tests and benchmarks.
#
#   scripts/samba-ad-dc.sh COMMAND [ARGS...]
#       provision, start, run COMMAND with the AD_* variables below exported, then stop the DC
#       and remove its files; the exit status is COMMAND's.
#   scripts/samba-ad-dc.sh --owner PID
#       provision and start, print the AD_* variables as KEY=VALUE lines on standard output and
#       return at once; a watchdog stops the DC and removes its files as soon as process PID is
#       gone (the DirectoryTests set-up uses this, with its own pid).
#
# Samba's LDAP ports are fixed (389/636/3268/3269), so the DC gets a spare loopback address
# 127.0.0.N (N >= 2) whose ports are free; an flock per address keeps two runs apart. Runs as
# root (those ports), needs samba-ad-dc samba samba-ad-provision ldap-utils openssl (`make test-deps`). Nothing
# is written outside the mktemp folder: provisioning uses an empty smb.conf and --targetdir.
#
# Exported / printed:
#   AD_URI (ldap://127.0.0.N) AD_LDAPS_URI (ldaps://127.0.0.N) AD_HOST AD_BASE AD_REALM AD_DOMAIN
#   AD_UPN_SUFFIX AD_ADMIN_DN AD_ADMIN_PW AD_CA_CERT (PEM CA of the DC's certificate, SAN
#   IP:127.0.0.N) AD_WRONG_CA_CERT (a CA that signed nothing) AD_SMB_CONF (for samba-tool
#   --configfile) AD_DIR AD_PID AD_LOG
# Knobs: AD_REALM (TESSERA.TEST) AD_DOMAIN (TESSERA) AD_ADMIN_PW AD_IP (auto)
#   AD_MAX_RUNTIME (1800 s: the DC stops itself even if everything else failed)
#   AD_START_TIMEOUT (60 s)
# Adapted from the recipe in ../shared/scripts/samba-ad-throwaway.sh (not used at run time).
set -euo pipefail

AD_REALM=${AD_REALM:-TESSERA.TEST}
AD_DOMAIN=${AD_DOMAIN:-TESSERA}
AD_ADMIN_PW=${AD_ADMIN_PW:-'Adm1n!Tessera-Test'}
AD_MAX_RUNTIME=${AD_MAX_RUNTIME:-1800}
AD_START_TIMEOUT=${AD_START_TIMEOUT:-60}

# Descriptors inherited from the caller stay out of the DC and the watchdog, which outlive this
# script: Foundation's Process, for one, learns that its child exited when its end of a socket
# pair closes, and would wait for the DC instead.
for fd in $(ls /proc/$$/fd); do
    case $fd in 0 | 1 | 2 | 255) ;; *) eval "exec $fd>&-" 2>/dev/null || true ;; esac
done

log() { printf '[samba-ad-dc] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 2; }

owner=""
if [ "${1:-}" = "--owner" ]; then
    owner=${2:?--owner needs a pid}
    shift 2
fi
[ -n "$owner" ] || [ $# -gt 0 ] || die "usage: $0 COMMAND [ARGS...] | $0 --owner PID"
[ "$(id -u)" = 0 ] || die "must run as root (Samba AD's LDAP ports 389/636 are fixed)"
for tool in samba samba-tool testparm ldapsearch openssl flock; do
    command -v "$tool" >/dev/null 2>&1 ||
        die "$tool not found: apt-get install samba-ad-dc samba samba-ad-provision ldap-utils openssl (or: make test-deps)"
done
[ -d /usr/share/samba/setup/ad-schema ] ||
    die "Samba's provisioning data is missing: apt-get install samba-ad-provision (or: make test-deps)"

# ------------------------------------------------------------ an address
# Listening TCP sockets from /proc/net/tcp{,6} ("ADDRHEX:PORTHEX", state 0A); no connect probes.
PORTS_HEX='(0185|027C|0CC4|0CC5)'   # 389 636 3268 3269
listeners() {
    local f
    for f in /proc/net/tcp /proc/net/tcp6; do
        [ -r "$f" ] && awk 'FNR>1 && $4=="0A" {print $2}' "$f"
    done
    return 0
}
addr_free() {  # addr_free 127.0.0.N
    local hex; hex=$(printf '%02X00007F' "${1##*.}")   # little-endian, as the kernel prints it
    ! grep -qE "^$hex:$PORTS_HEX\$" <<<"$(listeners)"
}
if grep -qE "^(00000000|0{32}):$PORTS_HEX\$" <<<"$(listeners)"; then
    die "something listens on the wildcard address at 389/636/3268/3269; bind it to 127.0.0.1 only"
fi
LOCKDIR=/tmp/tessera-samba-ad.locks
mkdir -p "$LOCKDIR"
claim() {  # keeps the lock fd open on success; samba inherits it, so the lock lasts as long as the DC
    exec {lockfd}>"$LOCKDIR/$1.lock"
    if flock -n "$lockfd" && addr_free "$1"; then return 0; fi
    exec {lockfd}>&-
    return 1
}
if [ -z "${AD_IP:-}" ]; then
    for n in $(seq 2 254); do
        if claim "127.0.0.$n"; then AD_IP=127.0.0.$n; break; fi
    done
    [ -n "${AD_IP:-}" ] || die "no 127.0.0.N (N=2..254) with 389/636/3268/3269 free"
else
    claim "$AD_IP" || die "$AD_IP is in use (another DC, or a listener on 389/636/3268/3269)"
fi

# ------------------------------------------------------------ provision
AD_DIR=$(mktemp -d /tmp/tessera-samba-ad.XXXXXX)
SAMBA_PID=""
stop_dc() {
    if [ -n "$SAMBA_PID" ] && kill -0 "$SAMBA_PID" 2>/dev/null; then
        kill -TERM "$SAMBA_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$SAMBA_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$SAMBA_PID" 2>/dev/null && kill -KILL "$SAMBA_PID" 2>/dev/null
    fi
    rm -rf "$AD_DIR"
}
detached=0
on_exit() {
    local rc=$?
    [ "$detached" = 1 ] || stop_dc
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

realm_lc=$(printf '%s' "$AD_REALM" | tr 'A-Z' 'a-z')
# A unique host name (<= 15 characters): the readiness check compares the rootDSE's
# dnsHostName with it, so another DC is never taken for this one.
AD_DC_NAME=dc-$(printf '%s' "${AD_DIR##*.}" | tr 'A-Z' 'a-z')
AD_BASE=$(printf 'DC=%s' "$realm_lc" | sed 's/\./,DC=/g')
CONF=$AD_DIR/etc/smb.conf
mkdir -p "$AD_DIR/etc" "$AD_DIR/run" "$AD_DIR/log"
: >"$CONF"   # an empty file keeps Debian's /etc/samba/smb.conf out
samba-tool domain provision \
    --configfile="$CONF" --targetdir="$AD_DIR" \
    --realm="$AD_REALM" --domain="$AD_DOMAIN" --server-role=dc \
    --dns-backend=NONE --use-rfc2307 --adminpass="$AD_ADMIN_PW" \
    --host-name="$AD_DC_NAME" --host-ip="$AD_IP" \
    >"$AD_DIR/provision.log" 2>&1 || { cat "$AD_DIR/provision.log" >&2; die "provision failed"; }

TLS=$AD_DIR/tls
mkdir -p "$TLS"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Tessera throwaway $AD_REALM CA" \
    -keyout "$TLS/ca.key" -out "$TLS/ca.pem" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Tessera wrong CA" \
    -keyout "$TLS/wrong-ca.key" -out "$TLS/wrong-ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=$AD_DC_NAME.$realm_lc" \
    -keyout "$TLS/key.pem" -out "$TLS/srv.csr" 2>/dev/null
printf 'subjectAltName=IP:%s,DNS:%s.%s\nextendedKeyUsage=serverAuth\n' "$AD_IP" "$AD_DC_NAME" "$realm_lc" >"$TLS/ext.cnf"
openssl x509 -req -in "$TLS/srv.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" -CAcreateserial \
    -days 2 -extfile "$TLS/ext.cnf" -out "$TLS/cert.pem" 2>/dev/null
chmod 600 "$TLS/key.pem" "$TLS/ca.key"   # samba refuses a key others can read

# Appended at the end of [global] (later lines win over provision's own "server services").
# Passed to provision as --option some of these did not survive its rewrite of smb.conf.
extra="\
	server services = ldap
	interfaces = $AD_IP/8
	bind interfaces only = yes
	ldap server require strong auth = no
	ldb:nosync = true
	tls enabled = yes
	tls keyfile = $TLS/key.pem
	tls certfile = $TLS/cert.pem
	tls cafile = $TLS/ca.pem
	pid directory = $AD_DIR/run
	ncalrpc dir = $AD_DIR/run/ncalrpc
	winbindd socket directory = $AD_DIR/run/winbindd
	ntp signd socket directory = $AD_DIR/run/ntp_signd
	log file = $AD_DIR/log/log.%m"
awk -v extra="$extra" '
    /^\[/ && $0 != "[global]" && !done { print extra; print ""; done=1 }
    { print }
    END { if (!done) print extra }' "$CONF" >"$CONF.new"
mv "$CONF.new" "$CONF"
[ "$(testparm -s --parameter-name='ldap server require strong auth' "$CONF" 2>/dev/null)" = No ] &&
    [ "$(testparm -s --parameter-name='server services' "$CONF" 2>/dev/null)" = ldap ] ||
    die "the smb.conf edit did not take"
# The tests load thousands of users with generated passwords; a lockout threshold is set by the
# tests that need one. Complexity stays on, as on a real domain.
samba-tool domain passwordsettings set --configfile="$CONF" --history-length=0 --min-pwd-age=0 \
    --max-pwd-age=0 >/dev/null

# ------------------------------------------------------------ start
AD_LOG=$AD_DIR/log/samba.stdout
# -F: foreground (its pid is the real one); -M single: one process; --maximum-runtime: never
# outlives a crashed caller for long. Standard streams off the caller's pipes.
samba -F --debug-stdout --no-process-group -M single --maximum-runtime="$AD_MAX_RUNTIME" \
    -s "$CONF" </dev/null >"$AD_LOG" 2>&1 &
SAMBA_PID=$!
AD_URI=ldap://$AD_IP
AD_ADMIN_DN="CN=Administrator,CN=Users,$AD_BASE"
deadline=$(($(date +%s) + AD_START_TIMEOUT))
ours() {  # a simple bind works and the DC that answers is this one
    ldapsearch -x -H "$AD_URI" -D "$AD_ADMIN_DN" -w "$AD_ADMIN_PW" -b '' -s base -LLL dnsHostName 2>/dev/null |
        grep -qix "dnsHostName: $AD_DC_NAME.$realm_lc"
}
until ours; do
    kill -0 "$SAMBA_PID" 2>/dev/null || { cat "$AD_LOG" >&2; SAMBA_PID=""; die "samba exited during start-up"; }
    [ "$(date +%s)" -lt "$deadline" ] || { cat "$AD_LOG" >&2; die "LDAP not ready after ${AD_START_TIMEOUT}s"; }
    sleep 0.1
done
log "samba (pid $SAMBA_PID) answers on $AD_URI, $AD_REALM in $AD_DIR"

variables=(
    "AD_URI=$AD_URI" "AD_LDAPS_URI=ldaps://$AD_IP" "AD_HOST=$AD_IP" "AD_BASE=$AD_BASE"
    "AD_REALM=$AD_REALM" "AD_DOMAIN=$AD_DOMAIN" "AD_UPN_SUFFIX=$realm_lc" "AD_ADMIN_DN=$AD_ADMIN_DN"
    "AD_ADMIN_PW=$AD_ADMIN_PW" "AD_CA_CERT=$TLS/ca.pem" "AD_WRONG_CA_CERT=$TLS/wrong-ca.pem"
    "AD_SMB_CONF=$CONF" "AD_DIR=$AD_DIR" "AD_PID=$SAMBA_PID" "AD_LOG=$AD_LOG"
)

if [ -n "$owner" ]; then
    # The watchdog holds no pipe of the caller's, so the caller's read of our output ends here.
    setsid bash -c '
        while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
        kill -TERM "$2" 2>/dev/null
        for _ in $(seq 1 100); do kill -0 "$2" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$2" 2>/dev/null
        rm -rf "$3"' watchdog "$owner" "$SAMBA_PID" "$AD_DIR" </dev/null >/dev/null 2>&1 &
    printf '%s\n' "${variables[@]}"
    detached=1
    exit 0
fi

export "${variables[@]}"
set +e
"$@"
rc=$?
set -e
exit "$rc"
