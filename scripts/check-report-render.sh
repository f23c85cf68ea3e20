#!/usr/bin/env bash
# Renders a HipDrive HTML report in headless Chromium (Debian package `chromium`) and checks it:
#   - the page loads (the DOM after load is dumped) with no network errors or console errors;
#   - it fetches nothing from the network (no http(s) references besides the SVG namespace);
#   - at least MIN_CHARTS inline SVG charts are present after rendering;
#   - a PNG screenshot is produced and is not blank; a PDF prints.
# Usage: scripts/check-report-render.sh REPORT.html [MIN_CHARTS] [OUT_DIR]
# Exit status 0 when every check passes; the reason is printed otherwise.
set -euo pipefail
report=${1:?usage: check-report-render.sh REPORT.html [MIN_CHARTS] [OUT_DIR]}
min_charts=${2:-1}
out=${3:-$(mktemp -d)}
mkdir -p "$out"
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "check-report-render: chromium not found (apt-get install chromium)" >&2
  exit 2
fi
abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless=new --no-sandbox --disable-gpu --no-first-run --no-default-browser-check
       --disable-extensions --disable-background-networking --user-data-dir="$profile"
       --enable-logging=stderr --v=0 --hide-scrollbars --virtual-time-budget=3000)

"$browser" "${flags[@]}" --dump-dom "file://$abs" >"$out/dom.html" 2>"$out/dom.log" || {
  echo "check-report-render: chromium failed to load $report (see $out/dom.log)" >&2; exit 1; }
"$browser" "${flags[@]}" --window-size=1000,2600 --screenshot="$out/report.png" "file://$abs" >"$out/png.log" 2>&1 || {
  echo "check-report-render: chromium failed to screenshot $report (see $out/png.log)" >&2; exit 1; }
"$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "file://$abs" >"$out/pdf.log" 2>&1 || {
  echo "check-report-render: chromium failed to print $report (see $out/pdf.log)" >&2; exit 1; }

if grep -E "net::ERR_|CONSOLE|Uncaught|Failed to load resource" "$out/dom.log" "$out/png.log"; then
  echo "check-report-render: page errors while loading $report" >&2; exit 1
fi
if grep -oE "(src|href)=\"https?://[^\"]*" "$out/dom.html" | head -3 | grep -q .; then
  echo "check-report-render: $report references the network" >&2; exit 1
fi
grep -q "</body>" "$out/dom.html" || { echo "check-report-render: DOM incomplete" >&2; exit 1; }
charts=$(grep -o '<svg class="chart"' "$out/dom.html" | wc -l)
if [ "$charts" -lt "$min_charts" ]; then
  echo "check-report-render: $charts charts rendered, expected at least $min_charts" >&2; exit 1
fi
[ -s "$out/report.pdf" ] || { echo "check-report-render: no PDF printed" >&2; exit 1; }
python3 - "$out/report.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width, height, colour = 8, b"", 0, 0, 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunk = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
    elif kind == b"IDAT":
        idat += chunk
    pos += 12 + length
raw = zlib.decompress(idat)
channels = {2: 3, 6: 4}.get(colour, 1)
stride = width * channels + 1
# Sample raw (filtered) bytes of rows: a blank page gives one value everywhere.
distinct = set()
for row in range(0, height, max(1, height // 200)):
    line = raw[row * stride + 1:(row + 1) * stride]
    distinct.update(line[::37])
if width < 200 or height < 200 or len(distinct) < 8:
    sys.exit(f"screenshot looks blank ({width}x{height}, {len(distinct)} distinct byte values)")
print(f"screenshot {width}x{height}, {len(distinct)} distinct byte values")
PY
echo "check-report-render: OK: $charts charts, screenshot $out/report.png, PDF $out/report.pdf"
