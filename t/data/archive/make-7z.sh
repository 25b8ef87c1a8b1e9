#!/bin/sh
# Writes the 7-Zip archives of t/check_lure.c's test_7z_names (run once;
# the output is committed). Needs 7zz (Debian: apt-get install 7zip).
set -e
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/Rechnung/Belege"
printf 'MZ\220\0' >"$tmp/Rechnung/Invoice_0412.pdf.exe"
printf 'please read\n' >"$tmp/Rechnung/readme.txt"
printf 'x\n' >"$tmp/Rechnung/Belege/счёт 😀.pdf.scr"
touch -d 2026-03-02T10:00:00Z "$tmp/Rechnung" "$tmp/Rechnung/Belege" \
    "$tmp/Rechnung/Belege/"* "$tmp/Rechnung/"*.*
rm -f ./*.7z
z() { out=$1; shift; (cd "$tmp" && 7zz a -bso0 -bsp0 "$@" "$OLDPWD/$out" \
    Rechnung/Invoice_0412.pdf.exe Rechnung/readme.txt); }
z lzma2.7z                      # 7-Zip's defaults: the header LZMA-coded
z lzma1.7z -m0=lzma
z plain-header.7z -mhc=off      # the header as written
z ppmd.7z -m0=PPMd
z bcj2.7z -mf=BCJ2              # a folder of four coders, bound
z copy.7z -mx=0
z encrypted.7z -pinfected       # members encrypted, names readable
z encrypted-header.7z -pinfected -mhe=on
(cd "$tmp" && 7zz a -bso0 -bsp0 "$OLDPWD/unicode.7z" Rechnung/Belege)
