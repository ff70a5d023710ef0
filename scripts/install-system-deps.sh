#!/usr/bin/env bash
# Installs the OS packages Loom-Lite needs when they are missing: Chromium, its headless shell and ffmpeg
# for rendering, PostgreSQL's own programs for the backup scripts, setpriv (util-linux) with which a
# render node running as root starts Chromium as nobody (65534, which Debian always has), fonts for CJK
# scripts and emoji (a lead's page in Japanese must not render as boxes; render-node/deploy/provision.sh
# installs the same on a render VM), and the en_US.UTF-8 locale that the embedded PostgreSQL's initdb
# asks for. Safe to run repeatedly.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
# The render nodes' browser (render-node/src/binaries.ts); the full one above drives the dashboard tests.
[ -x /usr/lib/chromium/chromium-headless-shell ] || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium-headless-shell)
command -v ffmpeg >/dev/null 2>&1 || [ -n "${FFMPEG_PATH:-}" ] || missing+=(ffmpeg)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
for font in fonts-noto-cjk fonts-noto-color-emoji fonts-liberation2; do
  dpkg -s "$font" >/dev/null 2>&1 || missing+=("$font")
done
# pg_dump/pg_restore for npm run db:backup / db:restore, and a server of the same version for their
# restore drill (schema/test/backup-drill.test.ts); the embedded PostgreSQL ships neither.
compgen -G '/usr/lib/postgresql/*/bin/pg_dump' >/dev/null && compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null ||
  missing+=(postgresql)
locale -a 2>/dev/null | grep -qi '^en_US\.utf-\?8$' || need_locale=1

if [ ${#missing[@]} -eq 0 ] && [ -z "${need_locale:-}" ]; then exit 0; fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-system-deps: need root to install: ${missing[*]} ${need_locale:+en_US.UTF-8 locale}" >&2
  echo "  run: sudo apt-get install -y ${missing[*]} locales" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ] || ! dpkg -s locales >/dev/null 2>&1; then
  echo "install-system-deps: installing ${missing[*]} locales from the OS packages (apt-get)…"
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" locales >/dev/null
fi
if [ -n "${need_locale:-}" ]; then
  echo "install-system-deps: generating the en_US.UTF-8 locale (embedded PostgreSQL needs it)…"
  sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' >> /etc/locale.gen
  locale-gen >/dev/null
fi
