#!/usr/bin/env python3
"""Peers of the HipDrive DSP benchmarks, measured in one run on the same signals.

1. scipy.signal.stft of 10 minutes of 44.1 kHz float32 audio, 2048/512 periodic Hann, the same
   frames as HipDrive (boundary=None, padded=False), best of 3.
2. Bare FFTW (dsp_bare_fftw.c, compiled here with cc -O2) executing the same frames.
3. scipy.signal.welch of one hour of 100 Hz data, nperseg 1024 (Hann, half overlap).
4. HipDrive's own STFT, bare-FFTW-in-Swift and Welch benchmarks, run through package-benchmark
   (swift package --disable-sandbox benchmark --target DSPBenchmarks), best run (p0).
Every figure is given as wall clock and CPU time: on a shared machine the CPU time is the
steadier of the two (the 2-thread STFT is compared by wall clock only).
Then prints every time and the ratios the issue asks for:
  HipDrive STFT / bare FFTW (same process, same frames)   target ≤ 1.3
  scipy.signal.stft / HipDrive STFT                        target ≥ 10

Usage (from Benchmarks/): python3 peers/dsp_peers.py [--skip-swift]
The signals are the ones DSPBenchmarks.swift makes (same LCG noise and tones).
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy
import scipy.signal as signal

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH_DIR = os.path.dirname(HERE)


def lcg_noise(count):
    """state ← state·1664525 + 1013904223 (mod 2³²), noise = (state >> 8)/2²⁴ − 0.5, vectorised
    by blocks: a whole block advances with the block's composed affine map."""
    a, c, mask = 1664525, 1013904223, 0xFFFFFFFF
    block = 1 << 16
    first = np.empty(block, dtype=np.uint64)
    state = 12345
    for i in range(block):
        state = (state * a + c) & mask
        first[i] = state
    # Composite map for advancing by `block` steps: s → A·s + C.
    big_a, big_c = 1, 0
    for _ in range(block):
        big_a, big_c = (big_a * a) & mask, (big_c * a + c) & mask
    blocks = [first]
    current = first
    while len(blocks) * block < count:
        current = (current * np.uint64(big_a) + np.uint64(big_c)) & np.uint64(mask)
        blocks.append(current)
    states = np.concatenate(blocks)[:count]
    return (states >> np.uint64(8)).astype(np.float64) / float(1 << 24) - 0.5


def synthetic_signal(count, rate):
    t = np.arange(count) / rate
    x = (0.3 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 97 * t)
         + 0.1 * np.sin(2 * np.pi * 3000 * t) + 0.05 * lcg_noise(count))
    return x.astype(np.float32)


def best_of(repeats, fn):
    """Best wall-clock and best CPU time (process_time) over `repeats` runs, seconds."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeats):
        start, cpu_start = time.perf_counter(), time.process_time()
        fn()
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu_start)
    return best, best_cpu


def swift_benchmarks():
    """Runs DSPBenchmarks' STFT and Welch benchmarks; returns {name: (p0 wall, p0 CPU)}, seconds
    (p0, the best run, as for the Python and C peers)."""
    cmd = ["swift", "package", "--disable-sandbox", "benchmark", "--target", "DSPBenchmarks",
           "--filter", "STFT.*", "--filter", "Welch.*", "--format", "markdown", "--no-progress"]
    print("running:", " ".join(cmd), flush=True)
    out = subprocess.run(cmd, cwd=BENCH_DIR, capture_output=True, text=True, check=True).stdout
    results = {}
    name = None
    rows = {}
    for line in out.splitlines():
        header = re.match(r"^#+\s*(.+?)\s*$", line)
        if header and ("STFT" in header.group(1) or "Welch" in header.group(1)):
            name = header.group(1).strip()
            rows = {}
            continue
        for metric in ("Time (wall clock)", "Time (total CPU)"):
            if name and line.startswith("| " + metric):
                unit = re.search(r"\((ms|μs|us|ns|s)\)", line.split("|")[1][len(metric) + 1:])
                cells = [cell.strip() for cell in line.split("|")[2:-1]]
                scale = {"ms": 1e-3, "μs": 1e-6, "us": 1e-6, "ns": 1e-9, "s": 1.0}[unit.group(1) if unit else "ms"]
                rows[metric] = float(cells[0].replace(",", "")) * scale  # columns: p0 p25 p50 …
        if name and len(rows) == 2:
            results[name] = (rows["Time (wall clock)"], rows["Time (total CPU)"])
            name = None
    return results, out


def main():
    print(f"numpy {np.__version__}, scipy {scipy.__version__}")
    rate, frame, hop = 44100.0, 2048, 512
    audio = synthetic_signal(600 * 44100, rate)
    window = signal.get_window("hann", frame)  # periodic, as HipDrive's

    def scipy_stft():
        _, _, z = signal.stft(audio, fs=rate, window=window, nperseg=frame, noverlap=frame - hop,
                              boundary=None, padded=False)
        return z

    frames = scipy_stft().shape[1]
    scipy_stft_s, scipy_stft_cpu = best_of(3, scipy_stft)

    motion = synthetic_signal(3600 * 100, 100.0).astype(np.float64)
    scipy_welch_s, scipy_welch_cpu = best_of(5, lambda: signal.welch(motion, fs=100.0, window="hann", nperseg=1024))

    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "dsp_bare_fftw")
        subprocess.run(["cc", "-O2", os.path.join(HERE, "dsp_bare_fftw.c"), "-lfftw3f", "-lm", "-o", exe], check=True)
        bare = json.loads(subprocess.run([exe], capture_output=True, text=True, check=True).stdout)
    assert bare["frames"] == frames, (bare["frames"], frames)

    print(f"frames: {frames} (2048/512 over {audio.size} samples)")
    print("times are the best run: wall clock / CPU")
    print(f"scipy.signal.stft (float32, same frames):   {scipy_stft_s:8.3f} / {scipy_stft_cpu:8.3f} s")
    print(f"bare FFTW in C (same frames, ESTIMATE plan): {bare['seconds']:8.3f} / {bare['cpu_seconds']:8.3f} s")
    print(f"scipy.signal.welch 1 h @ 100 Hz, 1024:      {scipy_welch_s * 1e3:8.2f} / {scipy_welch_cpu * 1e3:8.2f} ms")
    print(f"ratio scipy.stft / bare FFTW (C), wall / CPU: {scipy_stft_s / bare['seconds']:5.1f}x / {scipy_stft_cpu / bare['cpu_seconds']:5.1f}x")

    if "--skip-swift" in sys.argv:
        return
    swift, raw = swift_benchmarks()
    if not swift:
        print(raw)
        sys.exit("could not parse the package-benchmark output")
    for name, (wall, cpu) in swift.items():
        print(f"{name}: {wall * 1e3:.2f} / {cpu * 1e3:.2f} ms")
    ours, ours_cpu = next(v for k, v in swift.items() if "STFT" in k and "HipDrive" in k and "threads" not in k)
    threaded = next((v for k, v in swift.items() if "STFT" in k and "threads" in k), None)
    floor, floor_cpu = next(v for k, v in swift.items() if "STFT" in k and "bare" in k)
    welch = next((v for k, v in swift.items() if "Welch" in k), None)
    print("ratios, wall clock / CPU:")
    print(f"HipDrive STFT / bare FFTW (Swift, same run): {ours / floor:5.2f} / {ours_cpu / floor_cpu:5.2f}  (target ≤ 1.3)")
    print(f"HipDrive STFT / bare FFTW (C):               {ours / bare['seconds']:5.2f} / {ours_cpu / bare['cpu_seconds']:5.2f}")
    print(f"scipy.signal.stft / HipDrive STFT:           {scipy_stft_s / ours:5.1f}x / {scipy_stft_cpu / ours_cpu:5.1f}x (target ≥ 10)")
    if threaded:
        print(f"scipy.signal.stft / HipDrive STFT 2 threads: {scipy_stft_s / threaded[0]:5.1f}x (wall clock)")
    if welch:
        cpu_ratio = f"{scipy_welch_cpu / welch[1]:5.1f}x" if welch[1] > 0 else "n/a (below the 10 ms CPU clock tick)"
        print(f"scipy.signal.welch / HipDrive Welch:         {scipy_welch_s / welch[0]:5.1f}x / {cpu_ratio}")

if __name__ == "__main__":
    main()
