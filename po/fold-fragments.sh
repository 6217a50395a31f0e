#!/usr/bin/env bash
# fold-fragments.sh — folds po/fragments/*.po (translations written beside new
# code) into po/de.po against a template made from the sources, then applies
# GNOME's German typography (»…« quotes, a space before an ellipsis) to every
# translation. Fragment entries win over older ones. Run from anywhere; check
# the result with .ci/check-po.
set -euo pipefail
po=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$po/.." && xgettext --package-name=waymark --from-code=UTF-8 --add-comments \
   --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
   --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
   --files-from=po/POTFILES.in -o "$tmp/waymark.pot")

shopt -s nullglob
# Sorted by name: 00-lead.po (reviewed corrections) wins over the others.
fragments=("$po"/fragments/*.po)
# de.po's own header first, so that the fragments' bare headers never win.
sed -n '1,/^$/p' "$po/de.po" > "$tmp/header.po"
msgcat --use-first -o "$tmp/all.po" "$tmp/header.po" "${fragments[@]}" "$po/de.po"
msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$tmp/all.po" "$tmp/waymark.pot"
msgattrib --no-obsolete -o "$tmp/clean.po" "$tmp/merged.po"

python3 - "$tmp/clean.po" "$po/de.po" <<'PY'
import re, sys
src, dst = sys.argv[1], sys.argv[2]
out, in_msgstr = [], False
for line in open(src, encoding='utf-8'):
    if line.startswith('msgstr'):
        in_msgstr = True
    elif not line.startswith('"'):
        in_msgstr = False
    if in_msgstr:
        line = line.replace('„', '»').replace('“', '«')
        line = re.sub(r'(\w)…', r'\1 …', line)
    out.append(line)
open(dst, 'w', encoding='utf-8').write(''.join(out))
PY
