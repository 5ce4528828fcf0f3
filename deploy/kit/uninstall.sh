#!/bin/bash
# Removes Outpost: stops and disables the service, removes the unit, /opt/outpost (and
# /opt/outpost.previous) and the CLI link. Keeps the configuration and keys (/etc/outpost) and the
# data (/var/lib/outpost) unless --purge is given, which also removes them and the 'outpost' user.
set -euo pipefail
SCRIPT=uninstall.sh
source "$(dirname "${BASH_SOURCE[0]}")/share/kit-common.sh"

usage() {
  cat <<'EOF'
Usage: uninstall.sh [--root DIR] [--no-systemd] [--purge]

  --root DIR     the installation under DIR instead of / (an image being built, a test)
  --no-systemd   do not stop or disable the service
  --no-user      with --purge: keep the 'outpost' user
  --purge        also delete /etc/outpost (configuration, keys), /var/lib/outpost (all data:
                 datasets, import history, local verdicts, audit) and the 'outpost' user
EOF
}

PURGE=no
parse_common_options "$@"
for arg in "${EXTRA_ARGS[@]+"${EXTRA_ARGS[@]}"}"; do
  case "$arg" in
    --purge) PURGE=yes ;;
    *) usage >&2; die "unknown option $arg" ;;
  esac
done

prefix="$(path "$PREFIX")"
unit="$(path "$UNIT_FILE")"
link="$(path "$CLI_LINK")"
current="$(installed_version)"

if [[ "$USE_SYSTEMD" == yes && -e "$unit" ]]; then
  systemctl disable --now outpost.service || say "could not stop or disable outpost.service; continuing"
fi
removed=no
if [[ -e "$unit" ]]; then
  rm -f "$unit"
  removed=yes
fi
if [[ "$USE_SYSTEMD" == yes ]]; then
  systemctl daemon-reload
fi
if [[ -L "$link" && "$(readlink "$link")" == "$PREFIX/bin/outpost" ]]; then
  rm -f "$link"
fi
for dir in "$prefix" "$prefix.previous" "$prefix.new" "$prefix.old"; do
  if [[ -e "$dir" ]]; then
    rm -rf "$dir"
    removed=yes
  fi
done
if [[ "$removed" == yes ]]; then
  say "removed Outpost ${current:-(unknown version)}: $PREFIX and the systemd unit"
else
  say "Outpost is not installed in $prefix; nothing to remove"
fi

conf="$(path "$CONF_DIR")"
data="$(path "$DATA_DIR")"
if [[ "$PURGE" == yes ]]; then
  rm -rf "$conf" "$data"
  say "purged $CONF_DIR and $DATA_DIR"
  # The user install.sh created; not one that --no-user says comes from elsewhere.
  if [[ "$CREATE_USER" == yes ]] && user_exists; then
    userdel "$SERVICE_USER"
    say "removed user $SERVICE_USER"
  fi
  if [[ "$CREATE_USER" == yes ]] && getent group "$SERVICE_USER" >/dev/null 2>&1; then
    groupdel "$SERVICE_USER"
  fi
else
  kept=()
  [[ -e "$conf" ]] && kept+=("$CONF_DIR (configuration, keys)")
  [[ -e "$data" ]] && kept+=("$DATA_DIR (data)")
  if [[ ${#kept[@]} -gt 0 ]]; then
    say "kept $(IFS=';'; echo "${kept[*]}" | sed 's/;/ and /g'); uninstall.sh --purge removes them"
  fi
fi
