#!/usr/bin/env python3
"""How far a bell turns per half-swing, from a bell-mounted gyroscope.

A half-swing runs from one reversal of the bell's rotation to the next (the float to the
backswing turnaround, or back). Its rotation is the integral of the rate about the swing's axis
(the gyroscope's principal axis over the active part). It is the arm's range plus whatever the bell
turns in the grip: a bell held rigidly in line with a straight arm turns exactly as far as the arm
(a Russian swing from ~45 deg behind to ~90 deg in front: ~135 deg); a bell that flips back behind
the legs and tips over at the float turns further.

Use it to compare simulators with real recordings: the real bell-mounted files in
../shared/realdata/kettlebox turn 195-217 deg per half-swing (median per file, Russian two-hand and
one-hand swings, 8 kg and 20 kg), HipDrive's simulator ~215 deg (Russian), and the independent
simulator 95-140 deg (its bell turns in the grip by a share of the apparent gravity's deflection,
limited to +-40 deg). Half-swings with a clipped rate sample are left out of the median (they read
short).

Usage:
  python3 scripts/crosscheck/bell_rotation.py FILE...
Reads the kettlebox semicolon logger (ISO times, g, deg/s), the tab logger (ms, g, deg/s) and
generic CSV tables whose header gives units ("(m/s^2)", "(g)", "(rad/s)", "(deg/s)").
"""
import datetime
import sys

import numpy as np

G = 9.80665


def load(path):
    lines = open(path, encoding='utf-8-sig').read().splitlines()
    sep = ';' if ';' in lines[0] else ('\t' if '\t' in lines[0] else ',')
    header = [h.strip().strip('"') for h in lines[0].split(sep)]
    lower = [h.lower() for h in header]
    rows = [[x.strip().strip('"') for x in line.split(sep)] for line in lines[1:]]
    rows = [r for r in rows if len(r) >= 7 and all(r[:7])]
    if 'gx' in lower and 'ax' in lower:  # the kettlebox and tab loggers: g and deg/s
        gyro = np.radians([[float(r[lower.index(k)]) for k in ('gx', 'gy', 'gz')] for r in rows])
        acc = G * np.array([[float(r[lower.index(k)]) for k in ('ax', 'ay', 'az')] for r in rows])

        def seconds(x):
            return datetime.datetime.fromisoformat(x).timestamp() if 'T' in x else float(x) / 1000.0
        time = np.array([seconds(r[0]) for r in rows])
    else:  # generic: time, three acceleration and three rate columns, units in the header
        data = np.array([[float(x) for x in r[:7]] for r in rows])
        time, acc, gyro = data[:, 0], data[:, 1:4], data[:, 4:7]
        if '(g)' in lower[1]:
            acc = acc * G
        if 'deg' in lower[4]:
            gyro = np.radians(gyro)
    return time - time[0], acc, gyro


def half_swings(path):
    time, acc, gyro = load(path)
    force = np.linalg.norm(acc, axis=1) / G
    rate_hz = 1 / np.median(np.diff(time))
    # Active: within a second of a bottom pass (|f| > 2 g).
    active = np.convolve((force > 2.0).astype(float), np.ones(int(2 * rate_hz)), 'same') > 0
    if active.sum() < 10:
        return []
    axis = np.linalg.svd(gyro[active], full_matrices=False)[2][0]
    rate = gyro @ axis
    largest = np.abs(gyro).max()
    crossings = np.where((np.sign(rate[:-1]) != np.sign(rate[1:])) & active[:-1])[0]
    # A reversal within 0.3 s of the last is a wobble of the same stop.
    kept = []
    for index in crossings:
        if not kept or time[index] - time[kept[-1]] > 0.3:
            kept.append(index)
    result = []
    for start, end in zip(kept[:-1], kept[1:]):
        turned = abs(np.degrees(np.trapezoid(rate[start:end + 1], time[start:end + 1])))
        clipped = bool((np.abs(gyro[start:end + 1]) > 0.99 * largest).any())
        if time[end] - time[start] < 2.5:  # not a rest between sets
            result.append((turned, clipped))
    return result


def main():
    for path in sys.argv[1:]:
        swings = half_swings(path)
        clean = np.array([turned for turned, clipped in swings if not clipped])
        name = path.rstrip('/').split('/')[-1]
        if len(clean) == 0:
            print(f'{name}: no unclipped half-swing')
            continue
        p10, p50, p90 = np.percentile(clean, [10, 50, 90])
        print(f'{name}: {p50:.0f} deg per half-swing (p10 {p10:.0f}, p90 {p90:.0f}; '
              f'{len(clean)} of {len(swings)} unclipped)')


if __name__ == '__main__':
    main()
