"""A harder independent swing-audio generator, for the audio rep finder's robustness.

Written apart from HipDrive's synthesiser, like `independent_audio.py`, with what that one leaves
out: 44.1 kHz, a fan's low rumble (80-600 Hz) and mains hum over the room noise, each exhale's
place in the rep jittered (0.35-0.55 of the period) and a fifth of them voiced (a grunt: a
90-180 Hz tone with harmonics under the hiss), a knock inside the set in about one rep of
seven, the bell's clank when it is parked, and speech-like babble in half the rests. Per session
1-3 sets of 8-20 reps at 24-42 a minute, slowing 12 % over a set; the rep sound is exhales
(half the sessions), exhales and the bell's two whooshes, or whooshes only.

usage: python3 independent_audio_hard.py SEED
writes hSEED.wav and hSEED.json ({"reps": [per set], "cadence": reps/min, "mode": ...}) in the
current folder; then `hipdrive analyze --json hSEED.wav` and compare the sets' rep counts.
Each ingredient can be switched off for a diagnosis with an environment variable set to 0:
FAN, HUM, JIT (exhale jitter), GRUNT, CLAT (knocks in sets), TALK, PARK (the clank); TAG sets
the file prefix (default h), FS the rate (default 44100).
"""
import os, sys, json
import numpy as np
from scipy.io import wavfile
from scipy.signal import butter, sosfilt


def on(name):
    return os.environ.get(name, '1') == '1'


seed = int(sys.argv[1])
rng = np.random.default_rng(seed)
fs = int(os.environ.get('FS', '44100'))
tag = os.environ.get('TAG', 'h')


def bandnoise(n, lo, hi):
    sos = butter(4, [lo / (fs / 2), min(0.99, hi / (fs / 2))], btype='band', output='sos')
    return sosfilt(sos, rng.normal(size=n))


def knock(n, decay_s, level):
    return rng.normal(size=n) * np.exp(-np.arange(n) / (decay_s * fs)) * level


sets = int(rng.integers(1, 4))
reps = [int(rng.integers(8, 21)) for _ in range(sets)]
cadence = rng.uniform(24, 42)
period = 60 / cadence
duration = 6 + sum(r * period * 1.15 + rng.uniform(20, 40) for r in reps)
N = int(duration * fs)
tt = np.arange(N) / fs
noise = rng.uniform(0.005, 0.03)
x = rng.normal(size=N) * noise * 0.5
if on('FAN'):
    x += bandnoise(N, 80, 600) * noise
if on('HUM'):
    x += 0.01 * rng.uniform(0.2, 1) * np.sin(2 * np.pi * (50 if rng.random() < .5 else 60) * tt)
t = rng.uniform(3, 6)
truth = []
mode = rng.choice(['exhale', 'both', 'whoosh'], p=[0.5, 0.3, 0.2])
for r in reps:
    times = []
    level = rng.uniform(0.05, 0.3)
    for k in range(r):
        p = period * (1 + 0.12 * k / r) * (1 + rng.normal(0, 0.03))
        times.append(t)
        if mode in ('exhale', 'both'):
            offset = rng.uniform(0.35, 0.55) if on('JIT') else 0.45
            i = int((t + offset * p) * fs)
            n = int(rng.uniform(0.12, 0.4) * fs)
            env = np.hanning(n) ** 0.5 * level * (1 - 0.5 * k / r) * rng.uniform(0.7, 1.3)
            if rng.random() < (0.2 if on('GRUNT') else -1):
                f0 = rng.uniform(90, 180)
                sound = np.sin(2 * np.pi * f0 * np.arange(n) / fs) * 0.6 + bandnoise(n, 200, 3000) * 0.5
            else:
                sound = bandnoise(n, 300, 4000)
            if i + n < N:
                x[i:i + n] += sound * env
        if mode in ('whoosh', 'both'):
            for frac in (0.2, 0.75):
                i = int((t + frac * p) * fs)
                n = int(0.25 * fs)
                if i + n < N:
                    x[i:i + n] += bandnoise(n, 100, 1500) * np.hanning(n) * rng.uniform(0.03, 0.1)
        if rng.random() < (0.15 if on('CLAT') else -1):
            i = int((t + rng.uniform(0, p)) * fs)
            n = int(0.03 * fs)
            if i + n < N:
                x[i:i + n] += knock(n, 0.005, rng.uniform(0.1, 0.5))
        t += p
    truth.append(times)
    i = int((t + 0.6) * fs)
    n = int(0.05 * fs)
    if i + n < N and on('PARK'):
        x[i:i + n] += knock(n, 0.01, rng.uniform(0.3, 0.9))
    for _ in range(int(rng.integers(0, 5))):
        i = int((t + rng.uniform(3, 15)) * fs)
        n = int(0.03 * fs)
        if i + n < N:
            x[i:i + n] += knock(n, 0.005, rng.uniform(0.2, 0.8))
    if rng.random() < (0.5 if on('TALK') else -1):
        i = int((t + rng.uniform(4, 10)) * fs)
        n = int(rng.uniform(1, 3) * fs)
        f0 = rng.uniform(100, 220)
        phase = np.cumsum(2 * np.pi * f0 * (1 + 0.1 * np.sin(2 * np.pi * 3 * np.arange(n) / fs)) / fs)
        syllables = (0.5 + 0.5 * np.sin(2 * np.pi * 4 * np.arange(n) / fs)) ** 2
        if i + n < N:
            x[i:i + n] += (np.sin(phase) + 0.5 * np.sin(2 * phase) + 0.3 * np.sin(3 * phase)) * syllables * rng.uniform(0.05, 0.2)
    t += rng.uniform(20, 40)
x = x / max(1, np.abs(x).max() * 1.1)
wavfile.write(f'{tag}{seed}.wav', fs, (x * 32000).astype(np.int16))
json.dump({'reps': [len(r) for r in truth], 'cadence': cadence, 'mode': str(mode)}, open(f'{tag}{seed}.json', 'w'))
