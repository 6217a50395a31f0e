#!/bin/sh
# check-manifest.sh MANIFEST APP_ID: lints the Flatpak manifest the way a
# packager would before building it.
# - flatpak-builder must read it without a single warning (unknown keys, bad types);
# - it builds this app, on the GNOME runtime, with the least access that works:
#   no host file system (the file chooser portal gives access to chosen files), no
#   session-bus names (libsecret reaches the keyring through the Secret portal).
set -eu
manifest=$1
app_id=$2

G_DEBUG=fatal-warnings flatpak-builder --show-manifest "$manifest" > /dev/null

fail () { echo "check-manifest: $*" >&2; exit 1; }

[ "$(jq -r '.id // ."app-id"' "$manifest")" = "$app_id" ] || fail "the id is not $app_id"
[ "$(jq -r '.runtime' "$manifest")" = org.gnome.Platform ] || fail "not on the GNOME runtime"
[ "$(jq -r '.command' "$manifest")" = waymark ] || fail "the command is not waymark"
if jq -r '."finish-args"[]' "$manifest" | grep -E -- '--filesystem=(host|home)|--talk-name|--socket=x11$|--device=all'; then
  fail "finish-args ask for more than Waymark needs"
fi
for arg in --socket=wayland --socket=fallback-x11 --share=ipc --share=network; do
  jq -r '."finish-args"[]' "$manifest" | grep -qx -- "$arg" || fail "finish-args lack $arg"
done
