#!/bin/sh
# Cités éducatives — coordination : ajoute l'application au menu de l'utilisateur courant,
# sans droits d'administrateur (le dossier reste où l'archive a été décompressée).
#
#   ./installer.sh                  menu, icône et commande « cites-app » dans ~/.local/bin
#   ./installer.sh --desinstaller   retire le menu, l'icône et la commande
#
# Les données (base, sauvegardes) sont dans ~/.local/share/cites-app et ne sont jamais
# supprimées par ce script.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
SHARE="${XDG_DATA_HOME:-$HOME/.local/share}"
APPS="$SHARE/applications"
ICONS="$SHARE/icons/hicolor/scalable/apps"
BIN="$HOME/.local/bin"

if [ "${1:-}" = "--desinstaller" ]; then
    rm -f "$APPS/cites-app.desktop" "$ICONS/cites-app.svg"
    if [ -L "$BIN/cites-app" ]; then rm -f "$BIN/cites-app"; fi
    echo "Menu, icône et commande retirés."
    echo "Conservés : le dossier $HERE (supprimez-le vous-même) et vos données dans $SHARE/cites-app."
    exit 0
fi

mkdir -p "$APPS" "$ICONS" "$BIN"
# The menu entry must name the executable by its full path: ~/.local/bin is not always on PATH.
sed "s|^Exec=.*|Exec=\"$HERE/cites-app\"|" "$HERE/cites-app.desktop" > "$APPS/cites-app.desktop"
cp "$HERE/cites-app.svg" "$ICONS/cites-app.svg"
ln -sf "$HERE/cites-app" "$BIN/cites-app"
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$APPS" >/dev/null 2>&1 || true
fi
echo "Cités éducatives — coordination est dans le menu des applications."
echo "Commande : $BIN/cites-app (vérification de l'installation : cites-app --self-test)"
