#!/usr/bin/env bash
# The README's first command: install what is missing, build HipDrive (release), and run the
# coach's workflow on SampleData/: batch every recording into a history store, print the
# trends, and write each athlete's fatigue report.
#
# Output goes to ./hipdrive-out/ (override with HIPDRIVE_OUT=DIR).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="${HIPDRIVE_OUT:-$root/hipdrive-out}"

bash scripts/setup-system.sh
echo "Building hipdrive (release; the first build takes a few minutes)..." >&2
swift build -c release --product hipdrive >&2
tool="$(swift build -c release --show-bin-path)/hipdrive"

mkdir -p "$out"
store="$out/history.sqlite"

# 1. Analyse every sample recording into the store (metadata from the manifest). Re-running
#    skips recordings already stored with the same content and settings.
"$tool" batch --manifest SampleData/manifest.csv --store "$store"

# 2. Trends per athlete, exercise and load.
echo
"$tool" trends --store "$store"

# 3. One fatigue report per athlete (HTML) plus a Markdown copy and per-session CSVs.
echo
for athlete in $(cut -d, -f2 SampleData/manifest.csv | tail -n +2 | sort -u); do
  "$tool" report --store "$store" --athlete "$athlete" --out "$out/report-$athlete.html" \
    --csv-dir "$out/csv-$athlete"
  "$tool" report --store "$store" --athlete "$athlete" --format md --out "$out/report-$athlete.md"
done

echo
echo "Store:   $store"
echo "Reports: $out/report-<athlete>.html (open in a browser; prints to PDF) and .md"
echo "One recording in detail: $tool analyze SampleData/ana/2026-01-19-swing-16kg-3x10/recording.csv --mass 16"
