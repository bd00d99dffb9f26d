#!/bin/sh
# The .deb from `cpack -G DEB` installs both programs, the desktop entry, the icons and the metainfo, and both
# programs run from the unpacked tree. Usage: deb_installs.sh BUILD_DIR
set -eu
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$build"
cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/*.deb)
dpkg-deb -x "$deb" "$work/root"
for file in usr/bin/duplex usr/bin/duplex-server usr/share/applications/duplex.desktop \
    usr/share/metainfo/io.github.duplex.Duplex.metainfo.xml usr/share/icons/hicolor/scalable/apps/duplex.svg \
    usr/share/icons/hicolor/48x48/apps/duplex.png usr/share/icons/hicolor/256x256/apps/duplex.png; do
    test -e "$work/root/$file" || { echo "missing from the .deb: /$file"; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
echo "$depends" | grep -q 'qt6-qpa-plugins' || { echo "Depends lacks qt6-qpa-plugins"; exit 1; }
echo "$depends" | grep -q 'libqt6widgets6' || { echo "Depends lacks libqt6widgets6 (shlibdeps)"; exit 1; }
dpkg-deb -f "$deb" Recommends | grep -q 'qt6-translations-l10n' || { echo "Recommends lacks qt6-translations-l10n"; exit 1; }
"$work/root/usr/bin/duplex-server" --version | grep -qx 'duplex-server [0-9.]*'
"$work/root/usr/bin/duplex" --version | grep -qx 'duplex [0-9.]*'
echo "ok: $(basename "$deb")"
