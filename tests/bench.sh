#!/bin/sh
# Solver benchmark: quartier against glpsol on the independent formulation (models/quartier.mod),
# and CBC and HiGHS on the library's own program exported as free MPS, on the Esslingen example and
# on generated scenarios of the named sizes, each with the same time limit and gap.
# Prints the figures; it does not pass or fail.
#
# Environment:
#   BENCH_SIZES        instances, default "esslingen district large state"; a scenario file's
#                      path works too
#   BENCH_TIME_LIMIT   seconds per solver and instance (default 60; 300 for state)
#   BENCH_GAP          relative gap at which every solver may stop (default: the project's targets,
#                      0.001 for esslingen, district and large, 0.01 for state)
#   BENCH_SEED         seed of the generated scenarios (default 1)
#   BENCH_GLPSOL_OPTS  options for glpsol (default --cuts: without cuts it proves far less)
#   QT_BIN             the quartier binary (default build/quartier)
#   BENCH_HIGHS_DIR    folder holding node_modules/highs (default build/bench; the bench installs the
#                      npm package `highs` there when it is missing and npm is present; without node
#                      the HiGHS rows say "not run")
#
# Times are wall-clock seconds on this machine and include reading the scenario; "peak MB" is the
# maximum resident set size of the process (GNU time). The root LP column is the LP relaxation of
# the library's program as built, solved as qt_solve first solves it (presolve + dual simplex, or
# the interior-point method from 20,000 columns on; `quartier export --stats`), measured in a
# separate run: quartier's own search changes the program between phases and does not report the
# time of its first LP.
set -eu
Q=${QT_BIN:-build/quartier}
SIZES=${BENCH_SIZES:-"esslingen district large state"}
SEED=${BENCH_SEED:-1}
GLPSOL_OPTS=${BENCH_GLPSOL_OPTS:---cuts}
MODEL=models/quartier.mod
TIME=/usr/bin/time

for tool in "$Q" glpsol cbc "$TIME"; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool not found (make deps installs it)" >&2; exit 1; }
done
W=$(mktemp -d /tmp/quartier-bench-XXXXXX)
trap 'rm -rf "$W"' EXIT INT TERM

# HiGHS: the npm package, installed for the bench only (build/ is not part of the product)
HIGHS_DIR=${BENCH_HIGHS_DIR:-build/bench}
HIGHS_VERSION=1.15.3
have_highs=no
if command -v node >/dev/null 2>&1; then
	if [ ! -f "$HIGHS_DIR/node_modules/highs/package.json" ] && command -v npm >/dev/null 2>&1; then
		mkdir -p "$HIGHS_DIR"
		npm install --prefix "$HIGHS_DIR" --no-audit --no-fund --silent "highs@$HIGHS_VERSION" >&2 || true
	fi
	[ -f "$HIGHS_DIR/node_modules/highs/package.json" ] && have_highs=yes
fi

NO_STORE=""
"$Q" solve --help 2>/dev/null | grep -q -- "--no-store" && NO_STORE="--no-store"

limit_of() {
	if [ -n "${BENCH_TIME_LIMIT:-}" ]; then echo "$BENCH_TIME_LIMIT"
	elif [ "$1" = state ]; then echo 300
	else echo 60
	fi
}

gap_of() {
	if [ -n "${BENCH_GAP:-}" ]; then echo "$BENCH_GAP"
	else case "$1" in state) echo 0.01 ;; *) echo 0.001 ;; esac
	fi
}

# The first value of "key" in quartier's JSON plan.
json() { grep -m1 "\"$1\":" "$2" | sed 's/^[^:]*:[[:space:]]*//; s/[,"]//g'; }
# key=value from `quartier export --stats`.
stat() { tr ' ' '\n' <"$2" | sed -n "s/^$1=//p"; }

ROWS="$W/rows"
: >"$ROWS"

for inst in $SIZES; do
	tl=$(limit_of "$inst")
	gap=$(gap_of "$inst")
	if [ "$inst" = esslingen ]; then
		F=examples/esslingen-2016.json
	elif [ -f "$inst" ]; then
		F=$inst
		inst=$(basename "$inst" .json)
	else
		F="$W/$inst.json"
		"$Q" generate --size "$inst" --seed "$SEED" --out "$F"
	fi
	echo "bench: $inst (time limit $tl s, gap $gap) ..." >&2

	# the program: size, build and LP relaxation; the MPS and MathProg exports
	"$Q" export "$F" --stats --mps "$W/$inst.mps" --mathprog "$W/$inst.mp" --model "$MODEL" >"$W/stats"

	# quartier
	"$TIME" -f "%e %M" -o "$W/q.time" "$Q" solve "$F" --format json --time-limit "$tl" --gap "$gap" \
		--no-progress \
		$NO_STORE >"$W/q.json" 2>"$W/q.err" || true
	if [ -s "$W/q.json" ]; then
		q_status=$(json status "$W/q.json"); q_obj=$(json total "$W/q.json"); q_gap=$(json gap "$W/q.json")
		q_nodes=$(json nodes "$W/q.json")
	else
		q_status=no_integer_plan; q_obj=-; q_gap=-; q_nodes=-
	fi

	# glpsol: translation alone, then translation + solve
	"$TIME" -f "%e %M" -o "$W/gt.time" glpsol -m "$W/$inst.mp/quartier.mod" -d "$W/$inst.mp/quartier.dat" \
		--check >/dev/null 2>&1 || true
	# shellcheck disable=SC2086 # the options are separate words
	"$TIME" -f "%e %M" -o "$W/g.time" glpsol $GLPSOL_OPTS -m "$W/$inst.mp/quartier.mod" \
		-d "$W/$inst.mp/quartier.dat" --tmlim "$tl" --mipgap "$gap" -o "$W/g.out" >"$W/g.log" 2>&1 || true
	case "$(sed -n 's/^Status:[[:space:]]*//p' "$W/g.out" 2>/dev/null)" in
	"INTEGER OPTIMAL") g_status=optimal ;;
	"INTEGER NON-OPTIMAL") g_status=time_limit
		grep -q "MIP GAP TOLERANCE REACHED" "$W/g.log" && g_status=gap_reached ;;
	*) g_status=no_integer_plan ;;
	esac
	g_obj=-
	[ "$g_status" = no_integer_plan ] || g_obj=$(sed -n 's/^Objective:.*= *\([^ ]*\).*/\1/p' "$W/g.out")
	# last progress line: "+ it: mip = Z >= B  G% (active; done)" or "... tree is empty 0.0% ..."
	g_last=$(grep '^+' "$W/g.log" | tail -1)
	g_gap=$(echo "$g_last" | sed -n 's/.* \([0-9.]*\)% .*/\1/p')
	g_nodes=$(echo "$g_last" | sed -n 's/.*(\([0-9]*\); \([0-9]*\)).*/\1 \2/p' | awk '{ print $1 + $2 }')

	# cbc on the library's program
	"$TIME" -f "%e %M" -o "$W/c.time" cbc "$W/$inst.mps" -timeMode elapsed -sec "$tl" -ratioGap "$gap" -solve \
		>"$W/c.log" 2>&1 || true
	c_obj=$(sed -n 's/^Objective value:[[:space:]]*//p' "$W/c.log")
	# cbc prints its gap with two decimals: recompute it from the objective and the lower bound
	c_bound=$(sed -n 's/^Lower bound:[[:space:]]*//p' "$W/c.log")
	c_gap=""
	[ -n "$c_obj" ] && [ -n "$c_bound" ] &&
		c_gap=$(awk -v z="$c_obj" -v b="$c_bound" 'BEGIN { a = z < 0 ? -z : z; if (a < 1) a = 1; g = (z - b) / a; printf "%.6g", g < 0 ? 0 : g }')
	case "$(sed -n 's/^Result - //p' "$W/c.log")" in
	*"gap tolerance"*) c_status=gap_reached ;;
	Optimal*) c_status=optimal; c_gap=${c_gap:-0} ;;
	*) if grep -q "^Objective value:.*1e+50" "$W/c.log" || [ -z "$c_obj" ]; then
		c_status=no_integer_plan; c_obj=-; c_gap=-
	   else c_status=time_limit
	   fi ;;
	esac
	c_nodes=$(sed -n 's/^Enumerated nodes:[[:space:]]*//p' "$W/c.log")

	# HiGHS on the library's program: "status objective bound gap nodes seconds"
	h_line="not_run - - - - -"
	if [ "$have_highs" = yes ]; then
		"$TIME" -f "%e %M" -o "$W/h.time" node tests/bench_highs.cjs "$HIGHS_DIR" "$W/$inst.mps" "$tl" "$gap" \
			>"$W/h.out" 2>"$W/h.log" || true
		[ -s "$W/h.out" ] && h_line=$(tail -1 "$W/h.out")
	fi
	set -- $h_line
	case "$1" in
	optimal) h_status=optimal
		awk -v g="$4" 'BEGIN { exit !(g + 0 > 1e-9) }' && h_status=gap_reached ;;
	timeLimit) h_status=time_limit ;;
	*) h_status=$1 ;;
	esac
	[ "$2" = - ] && h_status=no_integer_plan
	h_obj=$2; h_bound=$3; h_gap=$4; h_nodes=$5
	h_time="- -"; [ -s "$W/h.time" ] && [ "$have_highs" = yes ] && h_time=$(tail -1 "$W/h.time")

	printf '%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n' \
		"$inst" "$tl s, $gap" "$(stat rows "$W/stats")" "$(stat cols "$W/stats")" "$(stat integers "$W/stats")" \
		"$(stat build_s "$W/stats")" "$(stat lp_s "$W/stats")" \
		"$q_status" "${q_obj:--}" "${q_gap:--}" "${q_nodes:--}" "$(tail -1 "$W/q.time")" \
		"${g_status:-none}" "${g_obj:--}" "${g_gap:--}" "${g_nodes:--}" "$(tail -1 "$W/g.time")" \
		"$(tail -1 "$W/gt.time" | cut -d' ' -f1)" \
		"${c_status:-none}" "${c_obj:--}" "${c_gap:--}" "${c_nodes:--}" "$(tail -1 "$W/c.time")" \
		"$(nproc 2>/dev/null || echo ?)" "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ?)" \
		"$h_status" "$h_obj" "$h_gap" "$h_nodes" "$h_time" "$h_bound" "$(json bound "$W/q.json" 2>/dev/null || echo -)" >>"$ROWS"
done

awk -F'|' -v glpsol_opts="$GLPSOL_OPTS" '
function num(x) { return x == "-" || x == "" ? "" : x + 0 }
function pct(x) { return x !~ /[0-9]/ || x ~ /inf|nan|null/ ? "-" : sprintf("%.3f%%", 100 * x) }
function ratio(a, b, limited) {
	if (a == "" || b == "" || b <= 0) return "-"
	return sprintf("%s%.2f", limited ? "<=" : "", a / b)
}
{
	n++
	inst[n] = $1; tl[n] = $2; rows[n] = $3; cols[n] = $4; ints[n] = $5; build[n] = $6; lp[n] = $7
	split($12, qt, " "); split($17, gt, " "); split($23, ct, " ")
	q[n] = sprintf("%-9s %-16s %-8s %7s %8.1f %8.0f", "quartier", $8, pct($10), $11, qt[1], qt[2] / 1024)
	qo[n] = $9
	g[n] = sprintf("%-9s %-16s %-8s %7s %8.1f %8.0f", "glpsol", $13, ($15 == "-" ? "-" : sprintf("%.3f%%", $15)), $16, gt[1], gt[2] / 1024)
	go[n] = $14; gtr[n] = $18
	cgap = pct($21)
	c[n] = sprintf("%-9s %-16s %-8s %7s %8.1f %8.0f", "cbc", $19, cgap, $22, ct[1], ct[2] / 1024)
	co[n] = $20
	rg[n] = ratio(qt[1], gt[1], $13 != "optimal" && $13 != "gap_reached")
	rc[n] = ratio(qt[1], ct[1], $19 != "optimal" && $19 != "gap_reached")
	cores = $24; load = $25
	split($30, ht, " ")
	h[n] = sprintf("%-9s %-16s %-8s %7s %8s %8s", "highs", $26, pct($28), $29, ht[1] == "-" || ht[1] == "" ? "-" : sprintf("%.1f", ht[1]), ht[2] == "-" || ht[2] == "" ? "-" : sprintf("%.0f", ht[2] / 1024))
	ho[n] = $27; hb[n] = $31; qb[n] = $32
	rh[n] = $26 == "not_run" ? "-" : ratio(qt[1], ht[1], $26 != "optimal" && $26 != "gap_reached")
}
END {
	printf "\nquartier solver benchmark (%d cores, load average %s at the last instance)\n", cores, load
	printf "glpsol %s on models/quartier.mod; cbc and HiGHS (npm highs, WebAssembly, one thread) on the MPS\n", glpsol_opts
	printf "export of the library program; same time limit and gap\n\n"
	printf "%-12s %-14s %8s %8s %8s %9s %10s\n", "instance", "limit, gap", "rows", "cols", "integers", "build s", "root LP s"
	for (i = 1; i <= n; i++)
		printf "%-12s %-14s %8s %8s %8s %9s %10s\n", inst[i], tl[i], rows[i], cols[i], ints[i], build[i], lp[i]
	printf "\n%-12s %-9s %-16s %-8s %7s %8s %8s %18s\n", "instance", "solver", "status", "gap", "nodes", "total s", "peak MB", "objective"
	for (i = 1; i <= n; i++) {
		printf "%-12s %s %18s\n", inst[i], q[i], qo[i]
		printf "%-12s %s %18s   (translation %s s)\n", "", g[i], go[i], gtr[i]
		printf "%-12s %s %18s\n", "", c[i], co[i]
		printf "%-12s %s %18s   (bound %s; quartier bound %s)\n", "", h[i], ho[i], hb[i], qb[i]
	}
	printf "\n%-12s %16s %14s %14s\n", "instance", "quartier/glpsol", "quartier/cbc", "quartier/highs"
	for (i = 1; i <= n; i++)
		printf "%-12s %16s %14s %14s\n", inst[i], rg[i], rc[i], rh[i]
	printf "\n(time ratios; \"<=\" where the other solver stopped at the time limit without reaching the gap)\n"
}' "$ROWS"
