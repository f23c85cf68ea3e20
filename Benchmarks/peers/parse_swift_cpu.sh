#!/bin/sh
# CPU-time throughput of the HipDrive table parser and audio onset trace, built with swiftc -O
# straight from the sources (no package build of GRDB etc. needed), on the same inputs as
# parse_peers.py. Usage, from the project's root:
#   sh Benchmarks/peers/parse_swift_cpu.sh            # writes inputs to /tmp, prints MB/s and s/s
#   python3 Benchmarks/peers/parse_peers.py /tmp/hipdrive-bench-table.csv /tmp/hipdrive-bench-120s.wav
set -e
ROOT=$(pwd)
S=$ROOT/Sources
WORK=$(mktemp -d)
python3 - <<'EOF'
import random, numpy as np, wave
random.seed(1)
with open('/tmp/hipdrive-bench-table.csv', 'w') as f:
    f.write("time,gx,gy,gz,ax,ay,az\n")
    n = size = 0
    while size < 20_000_000:
        line = "%.3f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f\n" % (n * 0.01, *(random.uniform(-500, 500) for _ in range(3)), *(random.uniform(-4, 4) for _ in range(3)))
        f.write(line); size += len(line); n += 1
sr, secs = 44100, 120
rng = np.random.default_rng(1)
x = 0.01 * rng.standard_normal(sr * secs)
t = np.arange(2000) / sr
for k in range(int(secs / 1.8)):
    i = int(k * 1.8 * sr); x[i:i + 2000] += 0.5 * np.sin(2 * np.pi * 800 * t) * np.exp(-t * 50)
w = wave.open('/tmp/hipdrive-bench-120s.wav', 'wb'); w.setnchannels(1); w.setsampwidth(2); w.setframerate(sr)
w.writeframes((np.clip(x, -1, 1) * 32767).astype('<i2').tobytes()); w.close()
EOF
cat > "$WORK/cpu.swift" <<'EOF'
import Foundation
/// CPU time of this process: the machine is usually shared, so wall time measures the neighbours.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}
EOF
cat > "$WORK/parse_main.swift" <<'EOF'
import Foundation
let data = try Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[1]))
var best = Double.infinity, rows = 0
for _ in 0..<9 {
    let start = cpuSeconds()
    data.withUnsafeBytes { raw in
        let bytes = raw.bindMemory(to: UInt8.self)
        guard let layout = DelimitedTable.layout(of: bytes) else { return }
        var kinds: [Int: FieldKind] = [0: .timestamp]
        for field in 1..<layout.fieldCount { kinds[field] = .number }
        rows = DelimitedTable.body(of: bytes, layout: layout, kinds: kinds).rowCount
    }
    best = min(best, cpuSeconds() - start)
}
print(String(format: "HipDrive table parser: %d rows, %.1f MB, %.1f ms CPU = %.0f MB/s", rows, Double(data.count) / 1e6, best * 1000, Double(data.count) / 1e6 / best))
EOF
cat > "$WORK/onset_main.swift" <<'EOF'
import Foundation
let url = URL(fileURLWithPath: CommandLine.arguments[1])
var best = Double.infinity
var trace: AudioTrace?
for _ in 0..<5 {
    let start = cpuSeconds()
    trace = try OnsetTrace.compute(url: url)
    best = min(best, cpuSeconds() - start)
}
var usage = rusage(); getrusage(RUSAGE_SELF.rawValue, &usage)
if let trace {
    print(String(format: "HipDrive onset trace: %.0f s of audio in %.1f ms CPU = %.0f s of audio per second (max RSS %.1f MB)", trace.duration, best * 1000, trace.duration / best, Double(usage.ru_maxrss) / 1024))
}
EOF
cd "$WORK"
cp "$WORK/parse_main.swift" main.swift
swiftc -O -wmo -module-name ParseBench main.swift cpu.swift "$S/HipDriveRecordings/Table/DecimalParser.swift" \
    "$S/HipDriveRecordings/Table/TimestampParser.swift" "$S/HipDriveRecordings/Table/DelimitedTable.swift" -o parsebench
mkdir onset && cd onset
cp "$S"/HipDriveDSP/*.swift "$S"/HipDriveAudio/*.swift "$S/HipDriveRecordings/MotionTrace.swift" "$S/HipDriveRecordings/RecordingError.swift" .
sed '/^import HipDrive/d' "$S/HipDriveRecordings/Audio/OnsetTrace.swift" > OnsetTrace.swift
sed -i 's/^public import CFFTW/import CFFTW/; s/^internal import CSndFile/import CSndFile/' *.swift
cp "$WORK/onset_main.swift" main.swift; cp "$WORK/cpu.swift" .
swiftc -O -wmo -module-name OnsetBench -I "$S/CFFTW" -I "$S/CSndFile" *.swift -lfftw3 -lfftw3f -lsndfile -o ../onsetbench
cd "$WORK"
./parsebench /tmp/hipdrive-bench-table.csv
./onsetbench /tmp/hipdrive-bench-120s.wav
rm -rf "$WORK"
