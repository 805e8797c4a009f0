#!/usr/bin/env bash
# Makes sure this machine can build the virtualenv: Python 3.11+ with venv, and (for the tests)
# Debian's Chromium, HAProxy (the scale-out test's load balancer) and xmlsec1 (the SAML tests'
# IdP) and GNU gettext (the translation checks). Installs missing Debian packages with apt-get when run as root or with sudo.
set -euo pipefail

want="${1:-python}"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

apt_install() {
  if ! command -v apt-get >/dev/null; then
    echo "Please install: $* (no apt-get on this machine)" >&2; exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq || true
  $SUDO apt-get install -y -qq "$@"
}

case "$want" in
  python)
    PY="${PYTHON:-python3}"
    if ! command -v "$PY" >/dev/null; then apt_install python3 python3-venv; fi
    if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "Twoway needs Python 3.11 or newer; $PY is $("$PY" -V 2>&1). Set PYTHON=/path/to/python3.11." >&2
      exit 1
    fi
    if ! "$PY" -c 'import ensurepip, venv' 2>/dev/null; then
      ver=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      apt_install "python${ver}-venv" || apt_install python3-venv
    fi
    ;;
  chromium)
    CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
    if [ ! -x "$CHROMIUM" ]; then apt_install chromium; fi
    ;;
  haproxy)
    # Only the scale-out test needs it (it skips, saying so, without it): a failed install warns.
    if ! command -v haproxy >/dev/null; then
      (apt_install haproxy) || echo "Could not install HAProxy: the scale-out test will be skipped." >&2
    fi
    ;;
  xmlsec1)
    # Only the SAML single sign-on tests need it (their IdP signs with it; they skip, saying so,
    # without it): a failed install warns.
    if ! command -v xmlsec1 >/dev/null; then
      (apt_install xmlsec1) || echo "Could not install xmlsec1: the SAML sign-on tests will be skipped." >&2
    fi
    ;;
  gettext)
    # `twoway translations make|check` (docs/i18n.md) extract strings with GNU gettext.
    if ! command -v xgettext >/dev/null; then apt_install gettext; fi
    ;;
  *) echo "usage: $0 python|chromium|haproxy|xmlsec1|gettext" >&2; exit 2 ;;
esac
