#!/usr/bin/env bash
# Installs what the dashboard's browser test (client/tests/it/dashboard.rs) drives: Debian's headless-
# capable `chromium` and its WebDriver, `chromium-driver` (/usr/bin/chromedriver). Idempotent; quiet
# when both are present. Needs root or sudo.
set -euo pipefail

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "install-browser: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "install-browser: installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-browser: $(chromium --version 2>/dev/null), $(chromedriver --version 2>/dev/null | head -1)"
