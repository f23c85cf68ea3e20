#!/usr/bin/env python3
"""Counting sweep through the command line: `hipdrive simulate` sessions drawn over the options a
user can give (style, hands, placement, bell mount, gyroscope, fatigue, reps, sets, rate, pauses,
gaps, mass, cadence, hike/park, clatter, file format), each analysed with `hipdrive analyze` from
its file, rep counts compared per set with the truth.

It complements `hipdrive validate`, whose draws are its own distribution: a sweep reaches the
corners of the option space that users reach (a 25 Hz Sensor Logger export of American swings, a
pause right before a data gap, 20-rep sets with a decline). Every session is kept in --out with
its truth, so a miss can be opened with `hipdrive analyze` at once (HIPDRIVE_DEBUG_REPS=1 traces).

    python3 scripts/sweep/simulate_sweep.py --binary .build/release/hipdrive --mode swing \\
        --sessions 150 --seed 1 --out /tmp/sweep

--mode swing (no gyroscope in 60 % of sessions), gyro (swings, all with a gyroscope), hip (banded
hip pulls on the belt) or swing-hips (swings recorded at the hips, no gyroscope in 60 %). --simulator fixes the binary that writes the sessions (default: --binary),
so two analysis binaries can be compared on identical files. Standard library only.
"""
import argparse
import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

ACCEL_FORMATS = ['physics-toolbox', 'phyphox', 'metawear', 'sensor-logger']
GYRO_FORMATS = ['phyphox', 'metawear', 'kettlebox', 'tsv-logger', 'sensor-logger']


def draw(mode, seed, index):
    """One session's options, deterministic in (mode, seed, index)."""
    r = random.Random(f'{mode}-{seed}-{index}')
    gyro = mode in ('gyro',) or (mode != 'gyro' and r.random() < 0.4)
    c = dict(exercise='hip-pull' if mode == 'hip' else 'swing',
             style=r.choice(['russian', 'american']), hands=r.choice(['one', 'two']),
             placement='hips' if mode in ('hip', 'swing-hips') else r.choice(['bell', 'bell', 'wrist']),
             mount=r.choice(['handle', 'centre']), gyro=gyro,
             fatigue=r.choice(['none', 'decline', 'breakdown']),
             reps=r.choice([8, 12, 16, 20, 25]), sets=r.choice([1, 2, 3]),
             rate=r.choice([25, 50, 100, 100, 200]),
             pauses=1 if r.random() < 0.15 else 0, gaps=1 if r.random() < 0.15 else 0,
             mass=r.choice([8, 12, 16, 24, 32]), loss=r.choice([20, 30, 40, 50]),
             cadence=r.choice([None, None, 24, 30, 40]), nohike=r.random() < 0.15,
             nopark=r.random() < 0.15, clatter=r.choice([0, 0, 2]),
             format=r.choice(GYRO_FORMATS if gyro else ACCEL_FORMATS),
             finish=r.choice(['hinge', 'lockout']), stiffness=r.choice([150, 250, 400]))
    c['breakdown_rep'] = min(r.randint(4, 14), c['reps'] - 2)
    if mode == 'hip':
        c['cadence'] = r.choice([None, 20, 26, 32])
        c['reps'] = r.choice([8, 12, 16, 20])
        c['breakdown_rep'] = min(c['breakdown_rep'], c['reps'] - 2)
    return c


def simulate(simulator, folder, seed, c):
    args = [simulator, 'simulate', '--out', folder, '--seed', str(seed), '--exercise', c['exercise'],
            '--style', c['style'], '--hands', c['hands'], '--placement', c['placement'],
            '--fatigue', c['fatigue'], '--reps', str(c['reps']), '--sets', str(c['sets']),
            '--rate', str(c['rate']), '--pauses', str(c['pauses']), '--gaps', str(c['gaps']),
            '--mass', str(c['mass']), '--breakdown-rep', str(c['breakdown_rep']),
            '--fatigue-loss', str(c['loss']), '--clatter', str(c['clatter']), '--format', c['format'],
            '--rest', '30']
    if c['placement'] == 'bell':
        args += ['--bell-sensor', c['mount']]
    if c['exercise'] == 'hip-pull':
        args += ['--hip-pull-finish', c['finish'], '--band-stiffness', str(c['stiffness'])]
    if not c['gyro']:
        args.append('--no-gyro')
    if c['cadence']:
        args += ['--cadence', str(c['cadence'])]
    if c['nohike']:
        args.append('--no-hike')
    if c['nopark']:
        args.append('--no-park')
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f'simulate failed: {done.stderr.strip()}')


def analyse(binary, folder, c):
    recording = next(os.path.join(folder, f) for f in sorted(os.listdir(folder)) if f != 'truth.json')
    args = [binary, 'analyze', '--json', '--exercise', c['exercise'], '--placement', c['placement']]
    if c['exercise'] == 'hip-pull':
        args += ['--band-stiffness', str(c['stiffness'])]
    else:
        args += ['--mass', str(c['mass'])]
    if c['placement'] == 'bell':
        args += ['--bell-sensor', c['mount']]
    done = subprocess.run(args + [recording], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f'analyze failed: {done.stderr.strip()[:300]}')
    return json.loads(done.stdout)


def compare(truth, analysis):
    """Per true set (true reps, found reps inside its span) and reps found outside every set."""
    found = [r['turnaround'] for s in analysis['sets'] for r in s['reps']]
    used, counts = set(), []
    for ts in truth['sets']:
        first, last = ts['reps'][0], ts['reps'][-1]
        lo = first['turnaround'] - 0.6 * first['repTimeS']
        hi = last.get('end', last['apex']) + 0.3
        inside = [k for k, t in enumerate(found) if lo <= t <= hi]
        used.update(inside)
        counts.append((len(ts['reps']), len(inside)))
    return counts, len(found) - len(used)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--binary', required=True, help='hipdrive binary that analyses')
    p.add_argument('--simulator', help='hipdrive binary that writes the sessions (default: --binary)')
    p.add_argument('--mode', choices=['swing', 'gyro', 'hip', 'swing-hips'], default='swing')
    p.add_argument('--sessions', type=int, default=150)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--out', required=True, help='folder for the sessions (reused when present)')
    p.add_argument('--jobs', type=int, default=2)
    a = p.parse_args()
    simulator = a.simulator or a.binary

    def one(index):
        c = draw(a.mode, a.seed, index)
        folder = os.path.join(a.out, f'{a.mode}-{a.seed}-{index:04d}')
        try:
            if not os.path.exists(os.path.join(folder, 'truth.json')):
                simulate(simulator, folder, a.seed * 10000 + index, c)
            truth = json.load(open(os.path.join(folder, 'truth.json')))
            counts, outside = compare(truth, analyse(a.binary, folder, c))
            return folder, c, counts, outside, None
        except (RuntimeError, ValueError, OSError) as error:
            return folder, c, [], 0, str(error)

    with ThreadPoolExecutor(a.jobs) as pool:
        results = list(pool.map(one, range(a.sessions)))
    sets = sum(len(r[2]) for r in results)
    exact = sum(1 for r in results for t, f in r[2] if t == f)
    within = sum(1 for r in results for t, f in r[2] if abs(t - f) <= 1)
    outside = sum(r[3] for r in results)
    errors = [r for r in results if r[4]]
    for folder, c, counts, extra, error in results:
        if error or extra or any(t != f for t, f in counts):
            print(folder, 'ERROR ' + error if error else f'sets (true, found) {counts} outside {extra}',
                  json.dumps({k: c[k] for k in ('style', 'hands', 'placement', 'mount', 'gyro', 'fatigue', 'rate',
                                                'pauses', 'gaps', 'format', 'finish')}))
    print(f'{a.mode} seed {a.seed}: {a.sessions} sessions, {sets} sets, exact {exact} '
          f'({100 * exact / max(sets, 1):.1f} %), within ±1 {within}, reps outside sets {outside}, errors {len(errors)}')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
