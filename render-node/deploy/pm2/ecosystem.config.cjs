// The render node under PM2, for machines run with PM2 instead of the systemd unit (both are
// installed by provision.sh into /opt/loom-render-node/deploy). Run PM2 as the node's user:
//   sudo -u loom-render PM2_HOME=/var/lib/loom-render-node/.pm2 sh /opt/loom-render-node/deploy/pm2-setup.sh
// pm2-setup.sh installs pm2-logrotate with the settings in `logrotate` below and starts this file.
//
// Stopping: PM2 sends SIGINT to the node alone (treekill off: signalling Chromium and ffmpeg too would
// kill the renders the node drains), the node drains within DRAIN_TIMEOUT_MS, and PM2 waits
// kill_timeout before SIGKILL. Unlike systemd's cgroup, PM2 cannot take down a Chromium that outlives
// a SIGKILLed node; the unit is the stronger choice where systemd runs.
const { readFileSync } = require("node:fs");
const { parseEnv } = require("node:util");

const OPT = "/opt/loom-render-node";
const ENV_FILE = process.env.LOOM_RENDER_NODE_ENV || "/etc/loom-render-node/env";
const LOG_DIR = process.env.LOOM_RENDER_NODE_LOGS || "/var/lib/loom-render-node/logs";

module.exports = {
  apps: [
    {
      name: "loom-render-node",
      script: `${OPT}/app/dist/render-node/main.mjs`,
      interpreter: `${OPT}/node/bin/node`,
      node_args: "--enable-source-maps",
      cwd: "/var/lib/loom-render-node",
      exec_mode: "fork",
      instances: 1,
      env: { NODE_ENV: "production", PATH: "/usr/bin:/bin", ...parseEnv(readFileSync(ENV_FILE, "utf8")) },
      autorestart: true,
      restart_delay: 5000,
      min_uptime: "30s",
      max_restarts: 10,
      // Above DRAIN_TIMEOUT_MS (300 s in the env file) plus the node's 10 s wind-down, like TimeoutStopSec.
      kill_timeout: 360_000,
      treekill: false,
      // The node logs JSON lines with their own time.
      out_file: `${LOG_DIR}/out.log`,
      error_file: `${LOG_DIR}/error.log`,
      merge_logs: true,
    },
  ],
  // pm2-logrotate's settings (`pm2 set pm2-logrotate:<key> <value>`), applied by pm2-setup.sh.
  logrotate: {
    max_size: "100M",
    retain: "14",
    compress: "true",
    rotateInterval: "0 0 * * *",
    dateFormat: "YYYY-MM-DD_HH-mm-ss",
    workerInterval: "60",
  },
};
