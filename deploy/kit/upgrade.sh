#!/bin/bash
# Upgrades an installed Outpost to this kit's version: replaces /opt/outpost (the release it
# replaces stays in /opt/outpost.previous) and the systemd unit; keeps /etc/outpost (configuration
# and keys) and /var/lib/outpost (data) exactly as they are. A running service is stopped for the
# switch and started again. The new release migrates its database itself at start (Flyway).
set -euo pipefail
SCRIPT=upgrade.sh
source "$(dirname "${BASH_SOURCE[0]}")/share/kit-common.sh"

usage() {
  cat <<'EOF'
Usage: upgrade.sh [--root DIR] [--no-systemd] [--no-restart]

  --root DIR     the installation under DIR instead of / (an image being built, a test)
  --no-systemd   do not stop, reload or start anything
  --no-restart   leave the service stopped after the upgrade

Rollback: systemctl stop outpost; mv /opt/outpost /opt/outpost.failed;
          mv /opt/outpost.previous /opt/outpost; systemctl start outpost
EOF
}

RESTART=yes
parse_common_options "$@"
for arg in "${EXTRA_ARGS[@]+"${EXTRA_ARGS[@]}"}"; do
  case "$arg" in
    --no-restart) RESTART=no ;;
    *) usage >&2; die "unknown option $arg" ;;
  esac
done

verify_kit
current="$(installed_version)"
[[ -n "$current" ]] || die "no Outpost installed in $(path "$PREFIX"); use install.sh"
if [[ "$current" == "$KIT_VERSION" ]]; then
  say "Outpost $current is installed; installing its files again"
else
  say "upgrading Outpost $current to $KIT_VERSION"
fi

was_active=no
if service_active; then
  was_active=yes
  say "stopping outpost.service"
  systemctl stop outpost.service
fi

if install_tree; then
  target="$(path "$PREFIX")"
  rm -rf "$target.previous"
  mv "$target" "$target.previous"
  mv "$NEW_TREE" "$target"
  say "installed $KIT_VERSION in $PREFIX; $current stays in $PREFIX.previous"
fi
# Created only if missing (a site that deleted them); never overwritten.
ensure_config
ensure_data
install_unit_and_link

if [[ "$USE_SYSTEMD" == yes ]]; then
  systemctl daemon-reload
  if [[ "$was_active" == yes && "$RESTART" == yes ]]; then
    systemctl start outpost.service
    say "started outpost.service"
  fi
fi
say "Outpost $KIT_VERSION is installed; configuration ($CONF_DIR) and data ($DATA_DIR) were kept."
