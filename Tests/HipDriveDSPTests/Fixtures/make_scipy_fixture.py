"""Generates scipy_spectral.json: a test signal and scipy's Welch, periodogram, spectrogram and
Hilbert results for it. Run once (python3 make_scipy_fixture.py); the JSON is committed so the
Swift tests need no Python. Values are written with repr (17 significant digits)."""
import json

import numpy as np
import scipy
import scipy.signal as signal

rng = np.random.default_rng(20261125)
fs = 100.0
n = 1500
t = np.arange(n) / fs
x = (0.8 * np.sin(2 * np.pi * 7.3 * t + 0.4) + 0.3 * np.sin(2 * np.pi * 21.05 * t)
     + 0.5 * rng.standard_normal(n) + 0.02 * t + 1.5)

cases = [
    dict(window="hann", nperseg=256, noverlap=None, nfft=None, detrend="constant", scaling="density"),
    dict(window="hamming", nperseg=200, noverlap=50, nfft=256, detrend="linear", scaling="density"),
    dict(window="boxcar", nperseg=128, noverlap=0, nfft=None, detrend=False, scaling="spectrum"),
    dict(window="blackmanharris", nperseg=301, noverlap=250, nfft=None, detrend="constant", scaling="density"),
    dict(window=("tukey", 0.25), nperseg=100, noverlap=10, nfft=125, detrend="linear", scaling="spectrum"),
    dict(window=("kaiser", 8.0), nperseg=256, noverlap=192, nfft=None, detrend="constant", scaling="density"),
]

welch = []
for case in cases:
    f, p = signal.welch(x, fs=fs, **case)
    welch.append(dict(case, window=case["window"] if isinstance(case["window"], str) else f"{case['window'][0]}:{case['window'][1]}",
                      detrend=case["detrend"] or "none", frequencies=f.tolist(), power=p.tolist()))

f, p = signal.periodogram(x, fs=fs)
periodogram = dict(frequencies=f.tolist(), power=p.tolist())

f, ts, sxx = signal.spectrogram(x, fs=fs)
spectrogram = dict(frequencies=f.tolist(), times=ts.tolist(), power=sxx.T.tolist())

z = signal.hilbert(x[:301])
hilbert = dict(real=z.real.tolist(), imaginary=z.imag.tolist())

with open("scipy_spectral.json", "w") as out:
    json.dump(dict(scipy_version=scipy.__version__, numpy_version=np.__version__, sample_rate=fs,
                   signal=x.tolist(), welch=welch, periodogram=periodogram, spectrogram=spectrogram,
                   hilbert=hilbert), out)
