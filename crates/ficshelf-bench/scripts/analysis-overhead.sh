#!/usr/bin/env bash
# Import with and without analysis, each import its own process into a fresh
# library (the in-process benchmark's second import runs on a warm heap, see
# the README), for one or more `ficshelf` binaries side by side; the order of
# the kinds rotates from round to round. Prints one line per import
# ("<binary> on|off <user s> <system s> <wall s>"), then per binary the
# medians and the overhead of analysis in CPU time (user + system) and wall.
#
#   crates/ficshelf-bench/scripts/analysis-overhead.sh CORPUS ROUNDS BINARY...
#
# CORPUS: a folder of saves, e.g. from `ficshelf-corpus --out /tmp/c200 --size 200MB`.
set -euo pipefail
corpus=$1 rounds=$2
shift 2
bins=("$@")
kinds=()
for b in "${bins[@]}"; do kinds+=("$b on" "$b off"); done
n=${#kinds[@]}
out=$(mktemp)
timing=$(mktemp)
for r in $(seq "$rounds"); do
  for k in $(seq 0 $((n - 1))); do
    read -r bin mode <<<"${kinds[$(((k + r) % n))]}"
    flag=()
    [ "$mode" = off ] && flag=(--no-analysis)
    library=$(mktemp -d)
    /usr/bin/time -f "%U %S %e" -o "$timing" "$bin" --library "$library" import "${flag[@]}" "$corpus" >/dev/null
    echo "$bin $mode $(cat "$timing")" | tee -a "$out"
    rm -rf "$library"
  done
done
# The median of the numbers on stdin.
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
for b in "${bins[@]}"; do
  m() { awk -v b="$b" -v mode="$1" -v col="$2" '$1 == b && $2 == mode {print (col == "cpu") ? $3 + $4 : $5}' "$out" | median; }
  con=$(m on cpu) coff=$(m off cpu) won=$(m on wall) woff=$(m off wall)
  awk -v b="$b" -v con="$con" -v coff="$coff" -v won="$won" -v woff="$woff" 'BEGIN {
    printf "%s: median CPU s on %.1f, off %.1f (%+.0f%%); wall s on %.1f, off %.1f (%+.0f%%)\n", b, con, coff, 100 * (con / coff - 1), won, woff, 100 * (won / woff - 1) }'
done
rm -f "$out" "$timing"
