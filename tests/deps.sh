#!/bin/sh
# The deps step of `make run` and `make test`: finds which Debian packages
# that baocao's build, run and tests need are missing, and installs only
# those. As root it runs apt-get (with `apt-get update` first); as another
# user it prints the exact command to run and stops with status 1.
set -u

# Build: compiler, make, pkg-config and the libraries' -dev packages.
# Run:   fonts (Liberation Serif stands in for Times New Roman).
# Tests: cmocka, poppler-utils (pdftotext, pdffonts, pdfinfo), qpdf,
#        xmllint (libxml2-utils), python3 (sample and bench generators),
#        valgrind (leak checks of whole runs), fonts-urw-base35 (a font
#        libharu cannot embed, for the font-unusable case).
PACKAGES="gcc make pkg-config libc6-dev libxml2-dev libhpdf-dev libutf8proc-dev
libfontconfig-dev zlib1g-dev fontconfig fonts-liberation2 libcmocka-dev poppler-utils qpdf
libxml2-utils python3 valgrind fonts-urw-base35"

# Extra packages for `make bench` and `make fuzz` (deps.sh bench|fuzz).
case "${1:-}" in
    bench) PACKAGES="$PACKAGES python3-reportlab libxml2-utils" ;;
    fuzz) PACKAGES="$PACKAGES clang libclang-rt-14-dev" ;;
esac

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done

if [ -z "$missing" ]; then
    exit 0
fi

echo "deps: missing Debian packages:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
    echo "deps: run this as root, then run make again:" >&2
    echo "    apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || exit 1
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing || exit 1
