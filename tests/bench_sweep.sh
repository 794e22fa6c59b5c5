#!/bin/sh
# Sweep benchmark: 7 rent-cap factors on the Esslingen example, as one `quartier sweep` (each
# variant warm-started from the previous one) against 7 independent `quartier solve` runs.
# Prints the figures; it does not pass or fail.
set -eu
Q=${QT_BIN:-build/quartier}
F=examples/esslingen-2016.json
FACTORS="0.9 0.95 1 1.05 1.1 1.15 1.2"
now() { date +%s.%N; }

t0=$(now)
for f in $FACTORS; do
	"$Q" solve "$F" --set /rent_caps/factor="$f" --format json --no-progress --no-store >/dev/null
done
t1=$(now)
"$Q" sweep "$F" --vary /rent_caps/factor=0.9:1.2:0.05 --format csv --no-progress >/dev/null
t2=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
	solo = b - a; sweep = c - b
	printf "sweep benchmark (examples/esslingen-2016.json, rent_caps/factor 0.9..1.2 step 0.05)\n"
	printf "  7 independent solves  %8.1f s\n", solo
	printf "  one sweep             %8.1f s\n", sweep
	printf "  ratio sweep/solves    %8.2f  (target <= 0.5)\n", sweep / solo
}'
