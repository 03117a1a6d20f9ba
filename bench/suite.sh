#!/usr/bin/env bash
# The test suite's wall time, per database, for one or more checkouts run one after the other
# in a single session (so the ratios compare like with like on a shared machine).
#
#   bash bench/suite.sh OUT_DIR CHECKOUT [CHECKOUT ...]
#
# Each checkout runs `pytest -n 2` (the two cores) on PostgreSQL and on SQLite with
# --durations=20; OUT_DIR/<name>-<db>.log keeps pytest's output, OUT_DIR/summary.tsv the wall
# times. A checkout needs its own .venv (a symlink to this one will do for an older commit).
set -euo pipefail
out=$1; shift
mkdir -p "$out"
printf 'checkout\tdatabase\twall_s\tresult\n' > "$out/summary.tsv"
for db in postgresql sqlite; do
	for checkout in "$@"; do
		name=$(basename "$checkout")
		database=(env -u DATABASE_URL)
		[ "$db" = postgresql ] && database=(env DATABASE_URL=postgres://postgres@127.0.0.1:5432/spelregels)
		start=$(date +%s.%N)
		(cd "$checkout" && "${database[@]}" .venv/bin/python -m pytest -n 2 -q --no-header \
			-p no:cacheprovider --durations=20 >"$out/$name-$db.log" 2>&1) || true
		end=$(date +%s.%N)
		wall=$(echo "$end - $start" | bc)
		printf '%s\t%s\t%.1f\t%s\n' "$name" "$db" "$wall" "$(tail -1 "$out/$name-$db.log")" >> "$out/summary.tsv"
	done
done
cat "$out/summary.tsv"
