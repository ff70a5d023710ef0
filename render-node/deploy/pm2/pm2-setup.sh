#!/bin/sh
# Starts the render node under PM2 with log rotation; run as the node's user (see ecosystem.config.cjs).
# Needs pm2 on PATH (npm install -g pm2). Safe to run again.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ecosystem="$here/ecosystem.config.cjs"
mkdir -p "${LOOM_RENDER_NODE_LOGS:-/var/lib/loom-render-node/logs}"
pm2 describe pm2-logrotate >/dev/null 2>&1 || pm2 install pm2-logrotate
node -e 'for (const [k, v] of Object.entries(require(process.argv[1]).logrotate)) console.log(k, v)' "$ecosystem" |
  while read -r key value; do pm2 set "pm2-logrotate:$key" "$value"; done
pm2 startOrReload "$ecosystem"
pm2 save
