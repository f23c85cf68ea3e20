#!/usr/bin/env python3
"""How closely the load a bell feels stays along one direction fixed in the bell.

A bell sensor measures the specific force f of its own point. The only force on the bell besides
gravity is the hand's, through the handle, so f shows how the hand holds it:
- a bell hanging freely from the grip lines up with its load: f stays along the bell's own axis
  (handle to centre of mass), whatever the arm does;
- a bell held rigidly in line with the arm also feels the arm's tangential acceleration r*theta''
  and leaves that axis wherever the arm speeds up or brakes.

This prints, per file, the angle between f and its dominant direction in the sensor frame (the
principal axis of f over the swinging samples, a proxy for the bell's axis):
- at strong loads (|f| > 1.3 g: the bottom passes);
- at middling loads (0.5 < |f| < 1.3 g: around the turnarounds and on the way to the float);
- at the reversals of the bell's rotation with |f| > 0.5 g (the backswing turnarounds).

Measured on 2026-11-27 (median per file; p90 in brackets):

| source | bottom passes | middling loads | turnarounds |
|---|---|---|---|
| real kettlebox swing files (12) | 2.6-5.7 deg (7-17) | 6-26 deg | 13-56 deg |
| HipDrive's simulator, handle sensor, Russian | 12 deg (47-50) | 48-59 deg | 50-57 deg |
| HipDrive's simulator, handle sensor, American | 34-39 deg (67-87) | 29-39 deg | 30-57 deg |
| independent simulator, model 1 (rigid) | 10-30 deg | 14-27 deg | |
| independent simulator, model 2 (bell turns in the grip) | 7-18 deg | 7-27 deg | 33-112 deg |

So a real bell is in line with its load at the bottom passes (within ~5 deg), where on HipDrive's
simulator the load is 12-39 deg off it; at the turnarounds real bells do leave their load line by
25-56 deg (the grip is not a free hinge there). Not the grip pivot alone (measured 2026-11-27 with
a dynamic grip model in the simulator, see README.md, thirteenth pass): a bell held rigidly in
line with the simulated arm reads 13 deg (centre) / 17 deg (handle) on Russian swings, from the
keyed arm's tangential acceleration through the bottom; a freely turning bell reads ~7 deg but
then turns only 126-134 deg per half-swing against the real 194-216 deg (bell_rotation.py).

Usage:
  python3 scripts/crosscheck/bell_load_alignment.py FILE...
Reads the same tables as bell_rotation.py (kettlebox semicolon logger, tab logger, generic CSV).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bell_rotation import G, load  # noqa: E402


def alignment(path):
    time, acc, gyro = load(path)
    force = acc / G
    magnitude = np.linalg.norm(force, axis=1)
    rate = np.linalg.norm(gyro, axis=1)
    swinging = rate > np.radians(60)
    f = force[swinging]
    _, vectors = np.linalg.eigh(f.T @ f)
    axis = vectors[:, -1]
    if (f @ axis).mean() < 0:
        axis = -axis
    angle = np.degrees(np.arccos(np.clip(force @ axis / np.maximum(magnitude, 1e-9), -1, 1)))
    strong = swinging & (magnitude > 1.3)
    middling = swinging & (magnitude > 0.5) & (magnitude <= 1.3)
    # Reversals of the rotation about the swing axis (the gyroscope's principal axis), where the
    # bell turns fast within 0.3 s on either side: the float and the turnaround; the turnaround is
    # the one with a load (|f| > 0.5 g).
    w = gyro[swinging]
    _, rate_vectors = np.linalg.eigh(w.T @ w)
    spin = np.convolve(gyro @ rate_vectors[:, -1], np.ones(5) / 5, mode='same')
    half = int(0.3 / np.median(np.diff(time)))
    turns = [i for i in range(1, len(spin))
             if np.sign(spin[i]) != np.sign(spin[i - 1]) and rate[max(0, i - half):i + half].max() > np.radians(150)
             and magnitude[i] > 0.5]
    return (np.median(angle[strong]), np.percentile(angle[strong], 90), np.median(angle[middling]),
            np.median(angle[turns]) if turns else float('nan'), len(turns))


def main(paths):
    if not paths:
        print(__doc__)
        return 2
    for path in paths:
        s, s90, m, t, n = alignment(path)
        print(f'{os.path.basename(path)[:48]:48s} bottom passes {s:5.1f} deg (p90 {s90:5.1f})  '
              f'middling {m:5.1f} deg  turnarounds {t:5.1f} deg ({n})')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
