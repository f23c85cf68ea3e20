#!/usr/bin/env python3
"""Peers for Benchmarks/ParsingBenchmarks: pandas read_csv on the same numeric IMU table and
librosa onset_strength on the same WAV that the Swift suite generates in the temporary folder
(run the Swift suite first, or pass the paths). Prints MB/s and seconds of audio per second,
median CPU time of several runs.

    pip install pandas librosa
    python3 Benchmarks/peers/parse_peers.py [/tmp/hipdrive-bench-20mb.csv] [/tmp/hipdrive-bench-120s.wav]
"""
import os, statistics, sys, tempfile, time

table = sys.argv[1] if len(sys.argv) > 1 else os.path.join(tempfile.gettempdir(), "hipdrive-bench-20mb.csv")
audio = sys.argv[2] if len(sys.argv) > 2 else os.path.join(tempfile.gettempdir(), "hipdrive-bench-120s.wav")

def median_time(run, repeats):
    """Median CPU time of this process (the machine is shared: wall time measures the neighbours)."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return statistics.median(times)

import pandas as pd
size_mb = os.path.getsize(table) / 1e6
t = median_time(lambda: pd.read_csv(table), 7)
print(f"pandas.read_csv (C engine): {size_mb:.1f} MB in {t*1000:.1f} ms = {size_mb / t:.1f} MB/s")
t = median_time(lambda: pd.read_csv(table, engine="pyarrow"), 7) if __import__("importlib").util.find_spec("pyarrow") else None
if t: print(f"pandas.read_csv (pyarrow engine): {size_mb / t:.1f} MB/s")

import librosa, soundfile as sf
info = sf.info(audio)
def onset():
    y, sr = librosa.load(audio, sr=None, mono=True)
    hop = round(sr / 100)
    n_fft = 1 << (int(0.046 * sr) - 1).bit_length()
    return librosa.onset.onset_strength(y=y, sr=sr, hop_length=hop, n_fft=n_fft, n_mels=128)
onset()  # warm up (numba/JIT caches)
t = median_time(onset, 5)
print(f"librosa load + onset_strength: {info.duration:.0f} s of audio in {t*1000:.1f} ms = {info.duration / t:.0f} s of audio per second")
