#!/bin/sh
# Writes po/quartier.pot, the texts quartier shows people, and merges it into po/de.po:
#   sh po/extract.sh
# xgettext finds the texts passed to the translating calls (qt_tr, N_, the error formatter, the table
# builders' titles and notes, the summary's items); the column labels of the tables sit in arrays of
# { "key", "label", align } and the table lists in { "name", "title", ... }, which a list made here
# from those arrays (a C file of N_("label") lines) gives xgettext as well.
set -eu
cd "$(dirname "$0")/.."
labels=$(mktemp --suffix=.c)
trap 'rm -f "$labels"' EXIT
# The second string of every { "a", "b" ... } and of { "label", PT(...) } in lib/: labels and titles.
grep -ho '{ *"[^"]*", *\(N_(\)\{0,1\}"[^"]*"' lib/*.c | sed 's/.*, *\(N_(\)\{0,1\}"\([^"]*\)"$/N_("\2");/' >"$labels"
grep -ho '{ *"[^"]*", *PT(' lib/*.c | sed 's/{ *"\([^"]*\)".*/N_("\1");/' >>"$labels"
sed -i '/N_("")/d' "$labels"
xgettext --from-code=UTF-8 --language=C --no-wrap --sort-output --package-name=quartier \
	--keyword=N_ --keyword=qt_tr --keyword=qt_translate --keyword=qt_set_error:2 --keyword=cli_fail_input \
	--keyword=qt_table_new:3 --keyword=qt_table_note:2 --keyword=summary_text:2 --keyword=summary_int:2 \
	--keyword=summary_fixed:2 --keyword=qt_summary_text:2 --keyword=qt_summary_fixed:2 --keyword=add_decision:5 --keyword=voi_row:3 --keyword=num_row:2 --keyword=text_row:2 \
	--flag=qt_set_error:2:c-format --flag=cli_fail_input:1:c-format \
	-o po/quartier.pot lib/*.c cli/*.c "$labels"
sed -i "s|$labels|po/labels (column labels and table titles)|g" po/quartier.pot
if [ -f po/de.po ]; then
	msgmerge --quiet --no-wrap --sort-output --update --backup=none po/de.po po/quartier.pot
else
	msginit --no-translator --no-wrap --locale=de_DE.UTF-8 -i po/quartier.pot -o po/de.po
fi
