#!/bin/sh
# ExecStop of loom-render-node.service: asks the node to drain (SIGTERM to the node's process only)
# and waits until it has exited. The unit's KillMode=control-group then stops whatever is left in its
# cgroup (a Chromium or ffmpeg that outlived its node); signalling the whole group at once, as systemd
# does without this, would kill the renders the node is draining.
#   MAINPID  the node's pid, set by systemd (empty when the node has already exited)
set -eu
pid=${MAINPID:-}
[ -n "$pid" ] || exit 0
kill -TERM "$pid" 2>/dev/null || exit 0
# TimeoutStopSec bounds this wait; the node itself gives up on its renders after DRAIN_TIMEOUT_MS.
while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
