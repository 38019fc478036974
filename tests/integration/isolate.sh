#!/bin/sh
# Runs a test program in private mount and network namespaces when it can
# (root and unshare available): pcscd 1.9.9 always uses /run/pcscd/pcscd.comm,
# so a private tmpfs there keeps our pcscd apart from a system one and from
# other test runs, and a private loopback keeps test ports from colliding.
# Without those rights the program runs as it is (one pcscd at a time; the
# tests hold a ctest RESOURCE_LOCK).
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 && [ -z "${ESIM_NO_ISOLATION:-}" ] \
   && unshare --mount --net --fork true 2>/dev/null; then
  exec unshare --mount --net --fork -- /bin/sh -c '
    mkdir -p /run/pcscd && mount -t tmpfs tmpfs /run/pcscd &&
    ip link set lo up && exec "$@"' isolate "$@"
fi
exec "$@"
