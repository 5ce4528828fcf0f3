#!/bin/bash
# Installs Outpost from this kit: /opt/outpost, /etc/outpost, /var/lib/outpost, the 'outpost' system
# user and the systemd unit (enabled, not started unless --start). Safe to run again: it repairs the
# installation of the same version and never touches the configuration, keys or data.
set -euo pipefail
SCRIPT=install.sh
source "$(dirname "${BASH_SOURCE[0]}")/share/kit-common.sh"

usage() {
  cat <<'EOF'
Usage: install.sh [--root DIR] [--no-user] [--no-systemd] [--start]

  --root DIR     install under DIR instead of / (an image being built, a test); no user is
                 created and systemd is not asked for anything
  --no-user      do not create the 'outpost' system user (it must exist, e.g. from a directory
                 service)
  --no-systemd   install the unit file but do not enable or start it
  --start        start the service once installed (default: enable only)

Upgrading an installed version: upgrade.sh. Removing: uninstall.sh.
EOF
}

START=no
parse_common_options "$@"
for arg in "${EXTRA_ARGS[@]+"${EXTRA_ARGS[@]}"}"; do
  case "$arg" in
    --start) START=yes ;;
    *) usage >&2; die "unknown option $arg" ;;
  esac
done

verify_kit
current="$(installed_version)"
if [[ -n "$current" && "$current" != "$KIT_VERSION" ]]; then
  die "Outpost $current is installed in $(path "$PREFIX"); upgrade it with upgrade.sh (keeps configuration and data)"
fi
if [[ -n "$current" ]]; then
  say "Outpost $current is already installed in $(path "$PREFIX"); repairing it"
else
  say "installing Outpost $KIT_VERSION into $(path "$PREFIX")"
fi

ensure_user
if [[ "$CREATE_USER" == no && "$ROOT" == / ]] && ! user_exists; then
  die "the user '$SERVICE_USER' does not exist (--no-user was given); create it first"
fi
if install_tree; then
  target="$(path "$PREFIX")"
  rm -rf "$target.old"
  if [[ -e "$target" ]]; then mv "$target" "$target.old"; fi
  mv "$NEW_TREE" "$target"
  rm -rf "$target.old"
fi
ensure_config
ensure_data
install_unit_and_link

if [[ "$USE_SYSTEMD" == yes ]]; then
  systemctl daemon-reload
  systemctl enable outpost.service
  if [[ "$START" == yes ]]; then
    systemctl start outpost.service
    say "started outpost.service"
  fi
fi

say "Outpost $KIT_VERSION is installed."
if [[ "$START" != yes ]]; then
  cat <<EOF
Next steps:
  1. Copy the publisher's root public key(s) to $CONF_DIR/keys/ and set OUTPOST_TRUST_ROOT_KEYS
     in $CONF_DIR/outpost.env (port, TLS, database, operator tokens are there too).
  2. systemctl start outpost && curl -s localhost:8080/q/health/ready
  3. Drop bundles into $DATA_DIR/inbox/ (or: sudo -u $SERVICE_USER outpost import FILE, service stopped).
EOF
fi
