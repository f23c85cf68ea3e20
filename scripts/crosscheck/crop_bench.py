#!/usr/bin/env python3
"""Crop bench: recordings that start at the pick-up or end at the park.

Real recordings are often cropped: they begin when the athlete grabs the bell (the hike starts
within the first second) and end at or during the park. This bench takes simulated sessions,
cuts their start at a random time inside the first set's hike (between the hike's start and
just before the first rep's turnaround) and their end inside the last set's park (between the
last rep's end and the end of the park), and counts the reps of every variant with one or more
hipdrive binaries. The truth reps are unchanged; only their times move with the new first sample.

Sources:
* `indep`: the independent simulator (independent_sim.py, written as generic CSV, no data gaps).
  Its truth does not give the hike's start: the hike lasts 0.8-1.3 s, so the start is cut
  0.8-0.1 s before the first turnaround; its park lasts 0.8-1.3 s, so the end is cut 0.1-0.8 s
  after the last rep's end.
* `own`: HipDrive's own simulator (`hipdrive simulate --format kettlebox`, converted to generic
  CSV); its truth lists the hike and the park, so the cuts are drawn inside them.
Each session is analysed four ways: `full` (as simulated), `start` (start cut), `end` (end cut),
`both`; with its gyroscope and with the gyroscope columns stripped (`--gyro both`).

Usage:
  python3 scripts/crosscheck/crop_bench.py --out /tmp/crop --sessions 20 --seed 1 \
      --hipdrive main=/work/main/.build/release/hipdrive --hipdrive new=.build/release/hipdrive
Prints per binary, source, placement, sensor and variant: sets, exact %, within ±1 %, false reps,
first reps lost and last reps lost (a true rep with no detected turnaround within 0.4 of a period).
`--list` prints every set that is not exact, with its session and variant.
"""
import argparse
import csv
import json
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
G = 9.80665


def read_generic(path):
    with open(path) as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    data = np.array([[float(x) for x in r] for r in rows[1:] if r], dtype=float)
    return header, data


def write_generic(path, header, data, gyro):
    cols = 7 if gyro else 4
    with open(path, 'w') as fh:
        fh.write(','.join(header[:cols]) + '\n')
        for r in data:
            fh.write(f'{r[0]:.4f},' + ','.join(f'{x:.4f}' for x in r[1:4])
                     + (',' + ','.join(f'{x:.5f}' for x in r[4:7]) if gyro else '') + '\n')


def indep_sessions(out, n, seed, placement):
    d = os.path.join(out, f'indep-{placement}-{seed}')
    if not os.path.isdir(d):
        subprocess.run([sys.executable, os.path.join(HERE, 'independent_sim.py'), '--out', d, '--sessions', str(n),
                        '--seed', str(seed), '--exercise', 'swing', '--placement', placement, '--gyro', 'yes',
                        '--set', 'format="generic"', '--set', 'gap=null'], check=True, capture_output=True)
    sessions = []
    for s in sorted(os.listdir(d)):
        doc = json.load(open(os.path.join(d, s, 'truth.json')))
        header, data = read_generic(doc['file'])
        sets = [[r['turnaround'] for r in st['reps']] + [st['reps'][-1]['end']] for st in doc['sets']]
        args = [a for a in doc['analyzeArgs'] if a != '--json']
        cfg = doc['config']
        if cfg.get('placement') == 'bell' and cfg.get('bell_mount') in ('side', 'com'):
            args += ['--bell-sensor', 'centre']
        first, last = sets[0][0], sets[-1][-1]
        sessions.append({'name': f'indep/{placement}-{s}', 'header': header, 'data': data, 'sets': sets, 'args': args,
                         'placement': placement,
                         'start_window': (first - 0.8, first - 0.1), 'end_window': (last + 0.1, last + 0.8)})
    return sessions


def own_sessions(out, n, seed, placement, binary):
    rng = np.random.default_rng(seed)
    sessions = []
    for i in range(n):
        s = seed * 1000 + i
        d = os.path.join(out, f'own-{placement}-{s}')
        style = str(rng.choice(['russian', 'american']))
        hands = str(rng.choice(['one', 'two']))
        mass = int(rng.choice([8, 12, 16, 20, 24, 32]))
        reps = int(rng.integers(8, 16))
        fatigue = str(rng.choice(['none', 'decline', 'breakdown']))
        if not os.path.exists(os.path.join(d, 'truth.json')):
            cmd = [binary, 'simulate', '--out', d, '--format', 'kettlebox', '--seed', str(s), '--placement', placement,
                   '--style', style, '--hands', hands, '--mass', str(mass), '--reps', str(reps), '--fatigue', fatigue,
                   '--breakdown-rep', str(max(3, reps // 2)), '--sets', '1']
            subprocess.run(cmd, check=True, capture_output=True)
        truth = json.load(open(os.path.join(d, 'truth.json')))
        rows = [r for r in csv.reader(open(os.path.join(d, 'session.csv'), encoding='utf-8-sig'), delimiter=';')]
        head = [h.lower() for h in rows[0]]
        from datetime import datetime
        t = np.array([datetime.fromisoformat(r[0]).timestamp() for r in rows[1:]])
        t -= t[0]
        col = lambda k: np.array([float(r[head.index(k)]) for r in rows[1:]])
        data = np.column_stack([t] + [col(k) * G for k in ('ax', 'ay', 'az')] + [np.radians(col(k)) for k in ('gx', 'gy', 'gz')])
        header = ['time (s)', 'ax (m/s^2)', 'ay (m/s^2)', 'az (m/s^2)', 'gx (rad/s)', 'gy (rad/s)', 'gz (rad/s)']
        sets = [[r['turnaround'] for r in st['reps']] + [st['reps'][-1]['end']] for st in truth['sets']]
        hike = [x for x in truth['nonRepIntervals'] if x['kind'] == 'hike'][0]
        park = [x for x in truth['nonRepIntervals'] if x['kind'] == 'park'][-1]
        first, last = sets[0][0], sets[-1][-1]
        sessions.append({'name': f'own/{placement}-{s}', 'header': header, 'data': data, 'sets': sets,
                         'args': ['--exercise', 'swing', '--placement', placement, '--mass', str(mass)]
                         + (['--bell-sensor', truth.get('bellSensorMount', 'handle')] if placement == 'bell' else []),
                         'placement': placement,
                         'start_window': (hike['start'], first - 0.1), 'end_window': (last + 0.1, park['end'])})
    return sessions


def score(sets, result):
    """Per true set: (n_true, n_det, first_lost, last_lost); and the false reps."""
    det = []
    for s in result.get('sets', []):
        for r in s['reps']:
            det.append(r.get('turnaround') if r.get('turnaround') is not None else r.get('start'))
    used = set()
    out = []
    for turns in sets:
        reps = turns[:-1]
        P = float(np.median(np.diff(turns))) if len(turns) > 1 else 2.0
        lo, hi = reps[0] - 0.4 * P, reps[-1] + 0.6 * P
        inside = [i for i, t in enumerate(det) if lo <= t <= hi]
        used.update(inside)
        def found(t):
            return any(abs(det[i] - t) < 0.4 * P for i in inside)
        out.append((len(reps), len(inside), not found(reps[0]), not found(reps[-1])))
    false = [det[i] for i in range(len(det)) if i not in used]
    return out, false


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', required=True)
    ap.add_argument('--sessions', type=int, default=20, help='per source and placement')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--hipdrive', action='append', required=True, metavar='NAME=BINARY')
    ap.add_argument('--source', default='indep,own')
    ap.add_argument('--placement', default='bell,wrist')
    ap.add_argument('--gyro', default='both', choices=['yes', 'no', 'both'])
    ap.add_argument('--variants', default='full,start,end,both')
    ap.add_argument('--list', action='store_true')
    a = ap.parse_args()
    binaries = [tuple(x.split('=', 1)) for x in a.hipdrive]
    os.makedirs(a.out, exist_ok=True)
    sessions = []
    for src in a.source.split(','):
        for pl in a.placement.split(','):
            if src == 'indep':
                sessions += indep_sessions(a.out, a.sessions, a.seed, pl)
            else:
                sessions += own_sessions(a.out, a.sessions, a.seed, pl, binaries[0][1])
    gyros = {'yes': [True], 'no': [False], 'both': [True, False]}[a.gyro]
    variants = a.variants.split(',')
    rng = np.random.default_rng(a.seed + 17)
    table = {}
    listing = []
    for s in sessions:
        cuts = {'start': rng.uniform(*s['start_window']), 'end': rng.uniform(*s['end_window'])}
        for gyro in gyros:
            for v in variants:
                t0 = cuts['start'] if v in ('start', 'both') else -1.0
                t1 = cuts['end'] if v in ('end', 'both') else 1e9
                data = s['data']
                keep = (data[:, 0] >= t0) & (data[:, 0] <= t1)
                cut = data[keep].copy()
                shift = cut[0, 0]
                cut[:, 0] -= shift
                sets = [[t - shift for t in st] for st in s['sets']]
                path = os.path.join(a.out, 'files', s['name'].replace('/', '-') + f"-{'gyro' if gyro else 'accel'}-{v}.csv")
                os.makedirs(os.path.dirname(path), exist_ok=True)
                write_generic(path, s['header'], cut, gyro)
                for name, binary in binaries:
                    p = subprocess.run([binary, 'analyze', '--json'] + s['args'] + [path], capture_output=True, text=True)
                    result = json.loads(p.stdout) if p.returncode == 0 else {'sets': []}
                    per_set, false = score(sets, result)
                    key = (name, s['name'].split('/')[0], s['placement'], 'gyro' if gyro else 'accel', v)
                    row = table.setdefault(key, [0, 0, 0, 0, 0, 0])
                    for n_true, n_det, first_lost, last_lost in per_set:
                        row[0] += 1
                        row[1] += n_det == n_true
                        row[2] += abs(n_det - n_true) <= 1
                        row[4] += first_lost
                        row[5] += last_lost
                        if n_det != n_true or first_lost or last_lost:
                            listing.append((name, s['name'], key[3], v, n_true, n_det, first_lost, last_lost, path))
                    row[3] += len(false)
                    if false:
                        listing.append((name, s['name'], key[3], v, 'false', [round(t, 2) for t in false], '', '', path))
    print(f"{'binary':8} {'source':6} {'place':6} {'sensor':6} {'variant':7} {'sets':>5} {'exact%':>7} {'±1%':>6} {'false':>5} {'1st lost':>8} {'last lost':>9}")
    for key in sorted(table, key=lambda k: (k[1], k[2], k[3], variants.index(k[4]), k[0])):
        n, ex, pm, fa, fl, ll = table[key]
        print(f"{key[0]:8} {key[1]:6} {key[2]:6} {key[3]:6} {key[4]:7} {n:5d} {100 * ex / n:7.1f} {100 * pm / n:6.1f} {fa:5d} {fl:8d} {ll:9d}")
    totals = {}
    for key, row in table.items():
        t = totals.setdefault((key[0], key[4]), [0] * 6)
        for i in range(6):
            t[i] += row[i]
    print('\nall sources, placements and sensors:')
    for key in sorted(totals, key=lambda k: (variants.index(k[1]), k[0])):
        n, ex, pm, fa, fl, ll = totals[key]
        print(f"{key[0]:8} {key[1]:7} {n:5d} sets, exact {100 * ex / n:5.1f} %, ±1 {100 * pm / n:5.1f} %, false reps {fa}, first lost {fl}, last lost {ll}")
    if a.list:
        print('\nsets not exact / false reps:')
        for row in listing:
            print(*row)


if __name__ == '__main__':
    main()
