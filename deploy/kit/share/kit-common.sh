# Shared by install.sh, upgrade.sh and uninstall.sh (sourced, not run). Where Outpost lives:
#   /opt/outpost                        the kit: launcher, Java runtime, application, these scripts
#   /opt/outpost.previous               the release before the last upgrade (rollback)
#   /etc/outpost/outpost.env            the site's configuration (never overwritten)
#   /etc/outpost/keys/                  the publisher's root public keys
#   /var/lib/outpost                    data: dataset generations, inbox, quarantine, H2 database
#   /etc/systemd/system/outpost.service the hardened unit (replaced by upgrades; use drop-ins)
#   /usr/local/bin/outpost              link to the launcher, for the CLI
# --root DIR puts all of them under DIR instead of / (a DESTDIR: an image being built, a test).
# There nothing is asked of systemd and no user is created.

KIT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
ROOT=/
CREATE_USER=yes
USE_SYSTEMD=yes
SERVICE_USER=outpost
PREFIX=/opt/outpost
CONF_DIR=/etc/outpost
DATA_DIR=/var/lib/outpost
UNIT_FILE=/etc/systemd/system/outpost.service
CLI_LINK=/usr/local/bin/outpost

say() { printf '%s: %s\n' "$SCRIPT" "$*"; }
die() {
  printf '%s: ERROR: %s\n' "$SCRIPT" "$*" >&2
  exit 1
}

# path /etc/outpost -> the same path under --root.
path() {
  if [[ "$ROOT" == / ]]; then printf '%s' "$1"; else printf '%s%s' "${ROOT%/}" "$1"; fi
}

# Parses the options every script takes; the script's own come back in EXTRA_ARGS.
parse_common_options() {
  EXTRA_ARGS=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --root)
        [[ $# -ge 2 && -n "$2" ]] || die "--root needs a directory"
        ROOT="$2"
        shift 2
        ;;
      --root=*) ROOT="${1#--root=}"; shift ;;
      --no-user) CREATE_USER=no; shift ;;
      --no-systemd) USE_SYSTEMD=no; shift ;;
      -h | --help) usage; exit 0 ;;
      *) EXTRA_ARGS+=("$1"); shift ;;
    esac
  done
  if [[ "$ROOT" != / ]]; then
    mkdir -p "$ROOT" || die "cannot create $ROOT"
    ROOT="$(cd "$ROOT" && pwd -P)"
  fi
  if [[ "$ROOT" == / ]]; then
    [[ $EUID -eq 0 ]] || die "run as root (or install into a directory with --root DIR)"
  else
    CREATE_USER=no
    USE_SYSTEMD=no
  fi
  if [[ "$USE_SYSTEMD" == yes ]] && ! { [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; }; then
    say "systemd is not running here: no service is enabled, started or stopped"
    USE_SYSTEMD=no
  fi
}

# The kit's files are the ones its SHA256SUMS lists, unchanged: checked before anything is touched.
verify_kit() {
  [[ -f "$KIT_DIR/SHA256SUMS" && -f "$KIT_DIR/VERSION" ]] || die "$KIT_DIR is not an Outpost kit (no SHA256SUMS or VERSION)"
  (cd "$KIT_DIR" && sha256sum --quiet --strict -c SHA256SUMS) >&2 \
    || die "the kit in $KIT_DIR is damaged: files differ from SHA256SUMS (copy it again)"
  KIT_VERSION="$(<"$KIT_DIR/VERSION")"
}

installed_version() {
  local file
  file="$(path "$PREFIX")/VERSION"
  if [[ -f "$file" ]]; then cat "$file"; fi
}

user_exists() { getent passwd "$SERVICE_USER" >/dev/null 2>&1; }

ensure_user() {
  if [[ "$CREATE_USER" != yes ]]; then
    return
  fi
  if ! getent group "$SERVICE_USER" >/dev/null 2>&1; then
    groupadd --system "$SERVICE_USER"
    say "created group $SERVICE_USER"
  fi
  if ! user_exists; then
    useradd --system --gid "$SERVICE_USER" --home-dir "$DATA_DIR" --no-create-home \
      --shell /usr/sbin/nologin --comment "Outpost appliance" "$SERVICE_USER"
    say "created system user $SERVICE_USER"
  fi
}

# chown_service OWNER PATH...: as root and when the service user exists; otherwise skipped (a test
# installing into --root as an ordinary user).
chown_service() {
  local owner="$1"
  shift
  if [[ $EUID -eq 0 ]] && user_exists; then
    chown "$owner" "$@"
  fi
}

# Copies the kit to $PREFIX.new (NEW_TREE); the caller renames it into place. cp -a keeps the files'
# modification times, which the runtime's CDS archive and the AOT cache check. Returns 1 when the
# script runs from $PREFIX itself: the files are in place already.
install_tree() {
  local target
  target="$(path "$PREFIX")"
  NEW_TREE="$target.new"
  if [[ -d "$target" && "$(cd "$target" && pwd -P)" == "$KIT_DIR" ]]; then
    say "running from $PREFIX itself: its application files stay as they are"
    return 1
  fi
  rm -rf "$NEW_TREE"
  install -d -m 0755 "$(dirname "$NEW_TREE")"
  cp -a "$KIT_DIR/." "$NEW_TREE/"
  if [[ $EUID -eq 0 ]]; then
    chown -R -h root:root "$NEW_TREE"
  fi
  chmod 0755 "$NEW_TREE"
}

# The site's configuration: created from the kit's commented defaults if missing, never overwritten.
ensure_config() {
  local conf keys env
  conf="$(path "$CONF_DIR")"
  keys="$conf/keys"
  env="$conf/outpost.env"
  install -d -m 0750 "$conf" "$keys"
  chown_service "root:$SERVICE_USER" "$conf" "$keys"
  if [[ -e "$env" ]]; then
    say "kept $CONF_DIR/outpost.env (the kit's commented defaults: $PREFIX/conf/outpost.env)"
  else
    install -m 0640 "$KIT_DIR/conf/outpost.env" "$env"
    chown_service "root:$SERVICE_USER" "$env"
    say "wrote $CONF_DIR/outpost.env: set OUTPOST_TRUST_ROOT_KEYS there before starting"
  fi
}

ensure_data() {
  local data
  data="$(path "$DATA_DIR")"
  install -d -m 0750 "$data" "$data/inbox"
  chown_service "$SERVICE_USER:$SERVICE_USER" "$data" "$data/inbox"
}

install_unit_and_link() {
  local unit link
  unit="$(path "$UNIT_FILE")"
  link="$(path "$CLI_LINK")"
  install -d -m 0755 "$(dirname "$unit")" "$(dirname "$link")"
  install -m 0644 "$KIT_DIR/systemd/outpost.service" "$unit"
  ln -sfn "$PREFIX/bin/outpost" "$link"
}

service_active() {
  [[ "$USE_SYSTEMD" == yes ]] && systemctl is-active --quiet outpost.service
}
