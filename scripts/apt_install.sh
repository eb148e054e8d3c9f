# Sourced by the *_deps.sh scripts: `apt_install_missing WHO PACKAGE...` installs the Debian
# packages with apt-get when running as root, else prints the command; then exits the script
# (0 when installed, 1 otherwise, so the tests that need them skip and say which package).
apt_install_missing() {
  local who=$1
  shift
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    local log
    log=$(mktemp)
    echo "installing $* (apt-get) ..."
    if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "$@"; } >"$log" 2>&1; then
      rm -f "$log"
      exit 0
    fi
    cat "$log" >&2
    rm -f "$log"
    echo "apt-get could not install $*" >&2
    exit 1
  fi
  echo "$who need $*: sudo apt-get install $*" >&2
  exit 1
}
