#!/usr/bin/env python3
"""Run `hipdrive analyze --json` on sessions written by sim.py and compare with truth.json.

Usage: python3 compare.py [--hipdrive BIN] SESSION_DIR... (or a parent folder of s* dirs)
Writes result.json next to each truth.json and prints a table by group.
"""
import argparse
import glob
import json
import os
import subprocess
import sys

import numpy as np

HIPDRIVE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '.build', 'release', 'hipdrive')


ALL_CENTRE = False  # --all-centre: every bell sensor taken at the centre of mass (hipdrive before its handle lever)


def mount_args(doc):
    """What a user would tell hipdrive about where a bell sensor sits: a sensor strapped to the
    handle is hipdrive's default; one taped to the ball ('side') or at the centre of mass ('com')
    is `--bell-sensor centre` (the side mount's offset across the axis is not modelled)."""
    cfg = doc.get('config', {})
    if cfg.get('placement') == 'bell' and (ALL_CENTRE or cfg.get('bell_mount') in ('side', 'com')):
        return ['--bell-sensor', 'centre']
    return []


BAND_OFFSET = False


def band_offset_args(doc):
    # `--band-offset-from-truth`: tell hipdrive where the band pulls relative to the sensor (the
    # simulated belt front minus the sensor's place, pelvis frame: x forward, z up), as a user
    # who knows where they clipped the sensor would
    c = doc['config']
    if not BAND_OFFSET or c.get('exercise') != 'hip-pull' or 'belt_offset_pelvis' not in c:
        return []
    b, s_ = c['belt_offset_pelvis'], c['sensor_offset_pelvis']
    return [f"--band-offset={b[0] - s_[0]:.4f},{b[2] - s_[2]:.4f}"]


def run_hipdrive(doc, binary, force=False, out_dir=None):
    cache = os.path.join(out_dir, 'hipdrive.json')
    if not force and os.path.exists(cache):
        with open(cache) as fh:
            return json.load(fh)
    cmd = [binary, 'analyze'] + doc['analyzeArgs'] + mount_args(doc) + band_offset_args(doc) + [doc['file']]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        res = {'error': p.stderr.strip()[:2000], 'cmd': cmd}
    else:
        res = json.loads(p.stdout)
    with open(cache, 'w') as fh:
        json.dump(res, fh)
    return res


def loss_pct(vals):
    if len(vals) < 4:
        return None
    ref = np.mean(sorted(vals[:3])[-2:])
    return 100 * (1 - np.mean(vals[-3:]) / ref)


TRUTH_POINT = 'com'


def compare(doc, hd):
    out = {'seed': doc['seed'], 'group': doc['group'], 'sets': [], 'false': 0, 'error': hd.get('error')}
    if 'error' in hd:
        return out
    det = []
    for s in hd['sets']:
        for r in s['reps']:
            det.append(dict(r, set=s['index'], fatigue=s.get('fatigue')))
    used = set()
    hip = doc['config']['exercise'] == 'hip-pull'
    for ts in doc['sets']:
        reps = ts['reps']
        turns = [r['turnaround'] for r in reps]
        P = float(np.median(np.diff(turns))) if len(turns) > 1 else 2.0
        lo = turns[0] - 0.4 * P
        hi = turns[-1] + 0.6 * P
        inside = [i for i, r in enumerate(det) if r.get('turnaround') is not None and lo <= r['turnaround'] <= hi]
        # detected reps without a turnaround (gap-filled) are placed by start
        inside += [i for i, r in enumerate(det) if r.get('turnaround') is None and lo <= r['start'] <= hi]
        used.update(inside)
        sres = {'n_true': len(reps), 'n_det': len(inside), 'reps': []}
        for tr in reps:
            best, bd = None, 0.4 * P
            for i in inside:
                r = det[i]
                if r.get('turnaround') is None:
                    continue
                d = abs(r['turnaround'] - tr['turnaround'])
                if d < bd:
                    best, bd = i, d
            m = {'true': dict(tr, **tr['sensorPoint']) if TRUTH_POINT == 'sensor' and 'sensorPoint' in tr else tr}
            if best is not None:
                r = det[best]
                m['det'] = {k: r.get(k) for k in ('turnaround', 'apex', 'peakPowerW', 'meanDrivePowerW', 'workJ', 'peakSpeedMps', 'set', 'index')}
            sres['reps'].append(m)
        # fatigue: the HipDrive set holding most of the matched reps
        sets_hit = [det[i]['set'] for i in inside]
        if sets_hit:
            si = max(set(sets_hit), key=sets_hit.count)
            hs = [s for s in hd['sets'] if s['index'] == si][0]
            f = hs.get('fatigue') or {}
            sres['bd_det'] = f.get('breakdownRep')
            sres['loss_det'] = (f.get('powerLossPct') or {}).get('meanDrive')
        sres['bd_true'] = ts.get('breakdownRep')
        sres['loss_true'] = loss_pct([r['meanDrivePowerW'] for r in reps])
        out['sets'].append(sres)
    out['false'] = len(det) - len(used)
    out['false_times'] = [det[i].get('turnaround') or det[i].get('start') for i in range(len(det)) if i not in used]
    return out


def rel(a, b):
    if a is None or b is None or b == 0:
        return None
    return abs(a - b) / abs(b) * 100


def summarise(results, by='group'):
    groups = {}
    for r in results:
        groups.setdefault(r[by], []).append(r)
    groups['all'] = results
    rows = []
    hdr = f"{'group':32s} {'sess':>4s} {'sets':>4s} {'exact%':>6s} {'±1%':>6s} {'false':>5s} {'err':>3s} {'turn s':>7s} {'MDP %':>6s} {'peakP%':>6s} {'work%':>6s} {'spd m/s':>7s} {'MDPbias%':>8s} {'bd±1%':>6s} {'loss pp':>7s}"
    rows.append(hdr)
    for g in sorted(groups, key=lambda x: (x == 'all', x)):
        rs = groups[g]
        sets = [s for r in rs for s in r['sets']]
        errs = sum(1 for r in rs if r.get('error'))
        exact = [s['n_det'] == s['n_true'] for s in sets]
        pm1 = [abs(s['n_det'] - s['n_true']) <= 1 for s in sets]
        false = sum(r['false'] for r in rs)
        turn, mdp, pk, wk, spd, bias = [], [], [], [], [], []
        for s in sets:
            for m in s['reps']:
                if 'det' not in m:
                    continue
                d, t = m['det'], m['true']
                turn.append(abs(d['turnaround'] - t['turnaround']))
                for lst, k in ((mdp, 'meanDrivePowerW'), (pk, 'peakPowerW'), (wk, 'workJ')):
                    e = rel(d.get(k), t[k])
                    if e is not None:
                        lst.append(e)
                if d.get('meanDrivePowerW') is not None:
                    bias.append((d['meanDrivePowerW'] / t['meanDrivePowerW'] - 1) * 100)
                if d.get('peakSpeedMps') is not None:
                    spd.append(abs(d['peakSpeedMps'] - t['peakSpeedMps']))
        bd = [(s.get('bd_det') is None and s['bd_true'] is None) or
              (s.get('bd_det') is not None and s['bd_true'] is not None and abs(s['bd_det'] - s['bd_true']) <= 1)
              for s in sets if 'bd_det' in s]
        loss = [abs(s['loss_det'] - s['loss_true']) for s in sets if s.get('loss_det') is not None and s.get('loss_true') is not None]
        med = lambda x: float(np.median(x)) if x else float('nan')
        pct = lambda x: 100 * np.mean(x) if x else float('nan')
        rows.append(f"{g:32s} {len(rs):4d} {len(sets):4d} {pct(exact):6.1f} {pct(pm1):6.1f} {false:5d} {errs:3d} {med(turn):7.3f} {med(mdp):6.1f} {med(pk):6.1f} {med(wk):6.1f} {med(spd):7.3f} {med(bias):8.1f} {pct(bd):6.0f} {med(loss):7.1f}")
    return '\n'.join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('paths', nargs='+')
    ap.add_argument('--hipdrive', default=HIPDRIVE)
    ap.add_argument('--force', action='store_true', help='rerun hipdrive even if hipdrive.json exists')
    ap.add_argument('--all-centre', action='store_true',
                    help='tell hipdrive every bell sensor is at the centre of mass (no handle lever: the behaviour '
                         'before --bell-sensor; use with --force)')
    ap.add_argument('--by', default='group', help='summary key (group, or e.g. config.format)')
    ap.add_argument('--truth', choices=['com', 'sensor'], default='com',
                    help="compare with the bell's centre of mass (the definition) or with the sensor's own point (processing error only)")
    ap.add_argument('--band-offset-from-truth', action='store_true',
                    help="hip pulls: pass hipdrive --band-offset from the simulated belt front and sensor place "
                         "(compare with --truth com, the band's point; use with --force)")
    a = ap.parse_args()
    global TRUTH_POINT, ALL_CENTRE, BAND_OFFSET
    TRUTH_POINT = a.truth
    ALL_CENTRE = a.all_centre
    BAND_OFFSET = a.band_offset_from_truth
    dirs = []
    for p in a.paths:
        if os.path.exists(os.path.join(p, 'truth.json')):
            dirs.append(p)
        else:
            dirs += sorted(os.path.dirname(x) for x in glob.glob(os.path.join(p, '*', 'truth.json')))
    results = []
    for d in dirs:
        with open(os.path.join(d, 'truth.json')) as fh:
            doc = json.load(fh)
        hd = run_hipdrive(doc, a.hipdrive, a.force, d)
        r = compare(doc, hd)
        r['dir'] = d
        for k, v in doc['config'].items():
            if isinstance(v, (str, int, float, bool)):
                r['config.' + k] = v
        r['config.bell_mount'] = doc['config'].get('bell_mount') if doc['config']['placement'] == 'bell' else doc['config']['placement']
        r['group_mount'] = r['group'] + ('/' + r['config.bell_mount'] if doc['config']['placement'] == 'bell' else '')
        with open(os.path.join(d, 'result.json'), 'w') as fh:
            json.dump(r, fh, indent=1)
        results.append(r)
    print(summarise(results, a.by))
    with open(os.path.join(os.path.commonpath(dirs), 'results-all.json'), 'w') as fh:
        json.dump(results, fh)


if __name__ == '__main__':
    main()
