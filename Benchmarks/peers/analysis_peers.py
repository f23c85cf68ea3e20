#!/usr/bin/env python3
"""Peer pipelines for the analysis benchmarks: the same work done the way a careful
numpy/scipy (and librosa, for audio) user would, timed end to end from the file.

IMU (a 30-min 100 Hz tab-logger file: Time ms, Gx Gy Gz deg/s, Ax Ay Az g):
  pandas read -> SI units -> gravity by a zero-phase 0.3 Hz low-pass (scipy.signal.filtfilt)
  -> linear acceleration -> 1 s rolling RMS activity -> per active run: principal gyro axis
  (numpy eigh), cadence from the FFT autocorrelation, stops at its zero crossings, per rep
  cumulative_trapezoid velocity with a linear zero-velocity correction, height, power
  v.(a + g z), work and mean drive power.
  (Simpler than HipDrive's reader: no Madgwick fusion, so less work than the Swift path.)
Audio (1 h 44.1 kHz mono WAV): librosa.load -> onset_strength (hop 441 = 100 Hz)
  -> beat_track with the onset envelope (the rep finder's analogue).

Usage: python3 analysis_peers.py IMU_FILE WAV_FILE
       python3 analysis_peers.py --audio-only WAV_FILE      (the audio peer alone, CPU time too)
       python3 analysis_peers.py --make-wav OUT.wav SECONDS  (the benchmark WAV, see make_wav)
Make the files with: hipdrive simulate --out imu30 --format tsv-logger --sets 20 --reps 20 \\
  --rest 50 --fatigue decline --seed 11, and --make-wav audio-1h.wav 3600.
"""
import sys
import time

import numpy as np
import pandas as pd
from scipy import signal
from scipy.integrate import cumulative_trapezoid

G = 9.80665


def analyse_imu(path):
    table = pd.read_csv(path, sep="\t")
    t = table["Time"].to_numpy() / 1000.0
    fs = 1.0 / np.median(np.diff(t))
    f = table[["Ax", "Ay", "Az"]].to_numpy() * G
    w = np.deg2rad(table[["Gx", "Gy", "Gz"]].to_numpy())
    b, a = signal.butter(2, 0.3 / (fs / 2))
    gravity = signal.filtfilt(b, a, f, axis=0)
    lin = f - gravity
    up = gravity / np.linalg.norm(gravity, axis=1, keepdims=True)
    vertical = np.sum(lin * up, axis=1)
    rms = np.sqrt(pd.Series(np.sum(lin ** 2, axis=1)).rolling(int(fs), center=True, min_periods=1).mean().to_numpy())
    active = rms > 1.0
    edges = np.flatnonzero(np.diff(active.astype(int)))
    starts = ([0] if active[0] else []) + list(edges[active[edges + 1]] + 1)
    ends = list(edges[~active[edges + 1]] + 1) + ([len(active)] if active[-1] else [])
    reps = 0
    powers = []
    for s, e in zip(starts, ends):
        if e - s < 3 * fs:
            continue
        seg = w[s:e]
        _, vecs = np.linalg.eigh(seg.T @ seg)
        rate = seg @ vecs[:, -1]
        x = rate - rate.mean()
        n = 1 << int(np.ceil(np.log2(2 * len(x))))
        spec = np.fft.rfft(x, n)
        acf = np.fft.irfft(spec * np.conj(spec))[: int(4 * fs)]
        lo = int(0.75 * fs)
        period = (lo + np.argmax(acf[lo:])) / fs
        smooth = signal.filtfilt(*signal.butter(2, 3 / (fs / 2)), rate)
        crossings = np.flatnonzero(np.diff(np.sign(smooth)) > 0)
        for c0, c1 in zip(crossings[:-1], crossings[1:]):
            if c1 - c0 > 2.5 * period * fs:
                continue
            acc = lin[s + c0 : s + c1 + 1]
            vel = cumulative_trapezoid(acc, dx=1 / fs, axis=0, initial=0)
            ramp = np.linspace(0, 1, len(vel))[:, None]
            vel = vel - ramp * vel[-1]
            vz = np.sum(vel * up[s + c0 : s + c1 + 1], axis=1)
            z = cumulative_trapezoid(vz, dx=1 / fs, initial=0)
            energy = 0.5 * np.sum(vel ** 2, axis=1) + G * z
            apex = int(np.argmax(z))
            power = np.sum(vel * acc, axis=1) + G * vz
            powers.append((energy[apex] - energy[0]) / max(apex / fs, 1e-3))
            reps += 1
    return reps, float(np.median(powers)) if powers else float("nan")


def analyse_audio(path):
    import librosa

    y, sr = librosa.load(path, sr=None, mono=True)
    hop = sr // 100
    onset = librosa.onset.onset_strength(y=y, sr=sr, hop_length=hop)
    tempo, beats = librosa.beat.beat_track(onset_envelope=onset, sr=sr, hop_length=hop, start_bpm=33)
    return len(beats), float(np.atleast_1d(tempo)[0])


def make_wav(path, seconds):
    """The AnalysisBenchmarks audio fixture's signal: 44.1 kHz mono 16-bit, uniform noise at
    0.02 plus an exhale-like burst (0.5 * sin envelope * noise, 0.25 s) every 1.8 s. Written a
    second at a time (soundfile), so an hour needs no more memory than a second."""
    import soundfile as sf

    rate = 44100
    rng = np.random.default_rng(12345)
    with sf.SoundFile(path, "w", rate, 1, "PCM_16") as f:
        for s in range(seconds):
            t = s + np.arange(rate) / rate
            noise = rng.uniform(-0.5, 0.5, rate)
            phase = np.mod(t, 1.8)
            burst = np.where(phase < 0.25, np.sin(np.pi * phase / 0.25), 0)
            f.write((0.02 * noise + 0.5 * burst * noise).astype(np.float32))


def main():
    if sys.argv[1] == "--make-wav":
        make_wav(sys.argv[2], int(sys.argv[3]))
        return
    if sys.argv[1] == "--audio-only":
        start, cpu = time.perf_counter(), time.process_time()
        result = analyse_audio(sys.argv[2])
        print(f"audio: {time.perf_counter() - start:.2f} s wall, {time.process_time() - cpu:.2f} s CPU, result {result}")
        return
    imu, wav = sys.argv[1], sys.argv[2]
    for name, fn, path in (("imu", analyse_imu, imu), ("audio", analyse_audio, wav)):
        times = []
        for _ in range(3 if name == "imu" else 1):
            start = time.perf_counter()
            result = fn(path)
            times.append(time.perf_counter() - start)
        print(f"{name}: best {min(times):.3f} s over {len(times)} run(s), result {result}")


if __name__ == "__main__":
    main()
