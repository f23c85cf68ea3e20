#!/usr/bin/env python3
"""Independent kettlebell-swing / banded-hip-pull IMU simulator for checking HipDrive.

Written from ../shared/docs/analysis.md and formats.md only, by an engineer who did not read
HipDrive's own simulator (Sources/HipDriveSimulator), so that shared assumptions show up. Units SI. World frame: x forward (swing direction before the session heading is
applied), y left, z up. g = 9.80665.

Model (scripts/crosscheck/README.md summarises the reasoning and what it found):
  swing: a planar skeleton -- hip point (translates back/down with the hinge), rigid torso
  rotating about the hip (angle theta from vertical, forward positive), shoulder at the torso's
  top, a straight arm at world angle phi from hanging-down (forward/up positive), grip at
  L_grip, bell centre of mass a further grip_to_com along the arm (bell rigidly in line).
  phi moves between per-rep extremes (turnaround = back extreme, apex = top extreme) on
  C2 quintic Hermite segments (zero velocity at the extremes, pendulum-like acceleration
  there); the torso leads: it reaches upright at a fraction of the drive and hinges again in the
  second part of the descent (smootherstep), so the bell is exactly at rest at turnaround and apex.
  Hike: bell on the floor, the athlete hinges to it, tips it and hikes it to the first
  turnaround. Park: after the last rep's backswing the bell swings forward to the floor.
  hip pull: belt point travels x between turnaround (back) and lockout on quintic Hermite
  segments, dips in z with the hinge, the pelvis pitches; band F = k*max(0, stretch).
  Sensor places for a swing: the bell (handle, side, centre), the wrist, or (--placement hips) a
  belt point on a pelvis that pitches a share of the torso's hinge.
Sensor: specific force f = R^T (a - g_vec) (+1 g up at rest), gyro = body rate; random mounting
rotation, noise, bias, scale error, clipping, jittered sample instants, ms timestamps.
"""
import argparse
import json
import math
import os
import sys

import numpy as np

G = 9.80665
FS_FINE = 1000.0  # internal grid, Hz


# ---------------------------------------------------------------- interpolation helpers
def smootherstep(u):
    u = np.clip(u, 0.0, 1.0)
    return u * u * u * (u * (u * 6 - 15) + 10)


def quintic_hermite(u, a0, a1):
    """p(0)=0, p(1)=1, p'(0)=p'(1)=0, p''(0)=a0, p''(1)=a1 (normalised), C2 at joins."""
    # basis: p = h_pos + a0*h_a0 + a1*h_a1
    u2, u3, u4, u5 = u * u, u ** 3, u ** 4, u ** 5
    h_pos = 10 * u3 - 15 * u4 + 6 * u5
    h_a0 = 0.5 * u2 - 1.5 * u3 + 1.5 * u4 - 0.5 * u5
    h_a1 = 0.5 * u3 - u4 + 0.5 * u5
    return h_pos + a0 * h_a0 + a1 * h_a1


def fill_extremes(t, times, values, accn):
    """Curve through extremes (zero velocity at each) with normalised curvature accn[k].

    accn[k] is the acceleration at knot k in units of |delta|/T^2 of the adjacent segment,
    signed by the code (toward the neighbours)."""
    y = np.full_like(t, values[0], dtype=float)
    for k in range(len(times) - 1):
        t0, t1 = times[k], times[k + 1]
        m = (t >= t0) & (t < t1) if k < len(times) - 2 else (t >= t0) & (t <= t1)
        u = (t[m] - t0) / (t1 - t0)
        d = values[k + 1] - values[k]
        # knot curvature a (normalised to this segment): p''(0)=+a0 (moving toward v1),
        # p''(1) = -a1 expressed in the 0..1 coordinate: approaching v1 decelerating.
        a0 = accn[k]
        a1 = -accn[k + 1]
        y[m] = values[k] + d * quintic_hermite(u, a0, a1)
    y[t > times[-1]] = values[-1]
    return y


def knot_curvatures(times, values):
    """Pendulum-like curvature at each extreme: mean of the two adjacent half-cosine segments
    (a half cosine over T with rise D has acceleration (D/2)(pi/T)^2 at its ends), returned
    normalised to each adjacent segment -> list of (for-next-seg) values.  We return a single
    normalised number per knot using the next segment (or previous for the last)."""
    n = len(times)
    acc_abs = []
    for k in range(n):
        parts = []
        if k > 0:
            T, D = times[k] - times[k - 1], abs(values[k] - values[k - 1])
            parts.append(D / 2 * (math.pi / T) ** 2)
        if k < n - 1:
            T, D = times[k + 1] - times[k], abs(values[k + 1] - values[k])
            parts.append(D / 2 * (math.pi / T) ** 2)
        acc_abs.append(float(np.mean(parts)))
    return acc_abs


def fill_extremes_physical(t, times, values):
    acc = knot_curvatures(times, values)
    y = np.full_like(t, values[0], dtype=float)
    for k in range(len(times) - 1):
        t0, t1 = times[k], times[k + 1]
        m = (t >= t0) & (t < t1)
        if k == len(times) - 2:
            m = (t >= t0) & (t <= t1)
        T = t1 - t0
        d = values[k + 1] - values[k]
        if abs(d) < 1e-12:
            y[m] = values[k]
            continue
        # normalised curvatures, clamped so the segment stays monotonic
        a0 = np.clip(acc[k] * T * T / abs(d), 1.5, 8.0)
        a1 = -np.clip(acc[k + 1] * T * T / abs(d), 1.5, 8.0)
        u = (t[m] - t0) / T
        y[m] = values[k] + d * quintic_hermite(u, a0, a1)
    y[t > times[-1]] = values[-1]
    y[t < times[0]] = values[0]
    return y


def rot_x(a):
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([o, z, z], -1), np.stack([z, c, -s], -1), np.stack([z, s, c], -1)], -2)


def rot_y(a):
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([c, z, s], -1), np.stack([z, o, z], -1), np.stack([-s, z, c], -1)], -2)


def rot_z(a):
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([c, -s, z], -1), np.stack([s, c, z], -1), np.stack([z, z, o], -1)], -2)


def random_rotation(rng):
    q = rng.normal(size=4)
    q /= np.linalg.norm(q)
    w, x, y, z = q
    return np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                     [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                     [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])


def _mv(M, X):
    return X @ np.asarray(M).T


def _Rv(R, v):
    return np.matmul(R, np.asarray(v))


def deriv(x, h):
    return np.gradient(x, h, axis=0, edge_order=2)


def body_rate(R, h):
    """Body-frame angular velocity from rotation matrices sampled at step h."""
    Rd = deriv(R, h)
    W = np.matmul(R.transpose(0, 2, 1), Rd)  # R^T Rdot
    return np.stack([W[:, 2, 1] - W[:, 1, 2], W[:, 0, 2] - W[:, 2, 0], W[:, 1, 0] - W[:, 0, 1]], -1) / 2


# ---------------------------------------------------------------- swing session
def draw_body(rng, mass):
    b = {}
    b['hip_z'] = rng.uniform(0.85, 1.0)           # standing hip height, m
    b['torso'] = rng.uniform(0.45, 0.55)           # hip to shoulder, m
    b['L_grip'] = rng.uniform(0.58, 0.70)          # shoulder to grip centre, m
    b['grip_to_com'] = 0.15 * (mass / 16.0) ** (1 / 3) * rng.uniform(0.85, 1.15)  # bell size
    b['wrist_to_grip'] = rng.uniform(0.07, 0.11)   # watch to grip centre, m
    b['hip_back'] = rng.uniform(0.08, 0.18)        # hip travel back at full hinge, m
    b['knee_drop'] = rng.uniform(0.05, 0.15)       # hip drop at full hinge (knee bend), m
    return b


def skeleton_points(b, hip_x, hip_z_off, theta, phi, shoulder_y=0.0, plane_tilt=0.0):
    """Positions (N,3) of shoulder and the unit arm direction, in the athlete's frame."""
    n = len(phi)
    hip = np.stack([hip_x, np.zeros(n), b['hip_z'] + hip_z_off], -1)
    sh = hip + np.stack([b['torso'] * np.sin(theta), np.full(n, shoulder_y), b['torso'] * np.cos(theta)], -1)
    arm = np.stack([np.sin(phi), np.zeros(n), -np.cos(phi)], -1)
    if plane_tilt:
        arm = _mv(rot_x(np.array(plane_tilt)), arm)
    return sh, arm


def simulate_swing(rng, cfg):
    """Returns dict with fine-grid time, COM pos, sensor pos, sensor R, truth reps/sets."""
    mass = cfg['mass']
    style = cfg['style']
    b = draw_body(rng, mass)
    one_hand = cfg['hands'] == 1
    # one hand: the shoulder is off the midline and the arm's plane leans in so that the bell
    # passes between the legs; the bell turns about the arm (thumb back) in the backswing
    side, sh_off, lean = rng.choice([-1, 1]), rng.uniform(0.12, 0.2), rng.uniform(0.05, 0.15)
    shoulder_y = side * sh_off if one_hand else 0.0
    plane_tilt = -side * lean if one_hand else 0.0
    shoulder_y = cfg.get('shoulder_y', shoulder_y)
    plane_tilt = cfg.get('plane_tilt', plane_tilt)
    period0 = 60.0 / cfg['cadence']
    drive_frac = rng.uniform(0.42, 0.50)
    if style == 'russian':
        top0 = math.radians(rng.uniform(75, 100))
    else:
        top0 = math.radians(rng.uniform(150, 178))
    back0 = -math.radians(rng.uniform(30, 60))
    theta_max0 = math.radians(rng.uniform(55, 75))
    tw1, tw2 = rng.uniform(10, 40), rng.uniform(0, 5)
    twist_amp = math.radians(tw1 if one_hand else tw2)
    twist_amp = cfg.get('twist_amp', twist_amp)
    torso_up_frac = rng.uniform(0.45, 0.75)   # the hips finish the snap before the bell floats
    torso_down_frac = rng.uniform(0.15, 0.4)  # start of the re-hinge in the descent
    torso_up_frac = cfg.get('torso_up_frac', torso_up_frac)
    torso_down_frac = cfg.get('torso_down_frac', torso_down_frac)

    # knot lists per DOF: phi extremes; torso (theta) knots; hike / park handled by poses
    t = 0.0
    phi_k_t, phi_k_v = [], []          # arm extremes during swinging
    th_t, th_v = [], []                # torso knots (smootherstep)
    events = []                        # (t0, t1, kind, data)
    sets_truth = []
    idle0 = rng.uniform(3, 6)
    t = idle0
    setup_theta = math.radians(rng.uniform(70, 85))
    setup_phi = math.radians(rng.uniform(10, 30))
    for si in range(cfg['sets']):
        n = cfg['reps'][si]
        fat = cfg['fatigue'][si]
        # per-rep params
        tops, backs, periods, dfr, thmax = [], [], [], [], []
        k_break = fat.get('k')
        for i in range(n):
            r = i / max(1, n - 1)
            top, per, df = top0, period0, drive_frac
            if fat['kind'] == 'decline':
                top = top0 - fat['drop'] * r * (top0 - back0)
                per = period0 * (1 + 0.10 * r)
                df = drive_frac * (1 + 0.12 * r)
            elif fat['kind'] == 'breakdown' and i + 1 >= k_break:
                top = top0 - fat['drop'] * (top0 - back0)
                per = period0 * 1.15
                df = drive_frac * 1.2
            top += math.radians(rng.normal(0, 2.5))
            per *= 1 + rng.normal(0, 0.03)
            tops.append(top)
            backs.append(back0 + math.radians(rng.normal(0, 2.0)))
            periods.append(per)
            dfr.append(min(df, 0.58))
            thmax.append(theta_max0 + math.radians(rng.normal(0, 2.0)))
        backs.append(back0 + math.radians(rng.normal(0, 2.0)))
        thmax.append(theta_max0)
        hike_dur = rng.uniform(0.8, 1.3)
        setup_dur = rng.uniform(1.0, 1.8)
        ev_setup = (t, t + setup_dur)
        t_hike0 = t + setup_dur + rng.uniform(0.2, 0.6)
        t_turn1 = t_hike0 + hike_dur
        events.append(('setup', t, t + setup_dur))
        events.append(('hike', t_hike0, t_turn1))
        turns, apexes = [], []
        tt = t_turn1
        for i in range(n):
            turns.append(tt)
            apexes.append(tt + dfr[i] * periods[i])
            tt += periods[i]
        turns.append(tt)  # final backswing turnaround
        for i in range(n):
            phi_k_t += [turns[i], apexes[i]]
            phi_k_v += [backs[i], tops[i]]
            # torso knots
            D = apexes[i] - turns[i]
            Dd = turns[i + 1] - apexes[i]
            th_t += [turns[i], turns[i] + torso_up_frac * D, apexes[i] + torso_down_frac * Dd]
            th_v += [thmax[i], math.radians(rng.uniform(-8, 0)), math.radians(rng.uniform(-8, 0))]
        phi_k_t.append(turns[n])
        phi_k_v.append(backs[n])
        th_t.append(turns[n])
        th_v.append(thmax[n])
        # close the run with a marker (NaN) to separate sets
        phi_k_t.append(None)
        phi_k_v.append(None)
        th_t.append(None)
        th_v.append(None)
        park_dur = rng.uniform(0.8, 1.3)
        t_park1 = turns[n] + park_dur
        events.append(('park', turns[n], t_park1))
        stand_dur = rng.uniform(0.8, 1.5)
        events.append(('standup', t_park1 + 0.3, t_park1 + 0.3 + stand_dur))
        sets_truth.append({'turns': turns, 'apexes': apexes, 'start': t_turn1, 'end': turns[n]})
        rest = cfg['rest'][si] if si < cfg['sets'] - 1 else rng.uniform(3, 6)
        t = t_park1 + 0.3 + stand_dur + rest
    T_total = t
    tf = np.arange(0.0, T_total, 1.0 / FS_FINE)
    N = len(tf)

    # ----- DOFs on the fine grid
    phi = np.zeros(N)
    theta = np.zeros(N)
    twist = np.zeros(N)
    tilt = np.zeros(N)          # bell's own pitch relative to the arm (hike / park / on floor)
    held = np.zeros(N, bool)
    # standing default: arm hanging, torso upright; idle fidget for the arm (wrist) only
    fid = smooth_noise(rng, tf, 0.6, math.radians(4))
    phi += fid
    # swing runs
    def runs(lst_t, lst_v):
        out, cur = [], ([], [])
        for a, v in zip(lst_t, lst_v):
            if a is None:
                out.append(cur)
                cur = ([], [])
            else:
                cur[0].append(a)
                cur[1].append(v)
        return out
    phi_runs = runs(phi_k_t, phi_k_v)
    th_runs = runs(th_t, th_v)
    ev = {k: [] for k in ('setup', 'hike', 'park', 'standup')}
    for kind, a, c in events:
        ev[kind].append((a, c))
    setup_poses = []
    for si, ((pt, pv), (tht, thv)) in enumerate(zip(phi_runs, th_runs)):
        m = (tf >= pt[0]) & (tf <= pt[-1])
        phi[m] = fill_extremes_physical(tf[m], pt, pv)
        # torso: smootherstep between successive knots
        th = np.full(m.sum(), thv[0])
        tm = tf[m]
        for k in range(len(tht) - 1):
            mm = (tm >= tht[k]) & (tm <= tht[k + 1])
            th[mm] = thv[k] + (thv[k + 1] - thv[k]) * smootherstep((tm[mm] - tht[k]) / (tht[k + 1] - tht[k]))
        theta[m] = th
        held[m] = True
        # setup: standing -> hinged over the bell (skeleton only; bell on the floor)
        sa, sb = ev['setup'][si]
        ha, hb = ev['hike'][si]
        pa, pb = ev['park'][si]
        ua, ub = ev['standup'][si]
        # the bell must be picked up where it was put down: one setup pose per session
        st_th, st_ph = setup_theta, setup_phi
        mm = (tf >= sa) & (tf < ha)
        w = smootherstep((tf[mm] - sa) / (sb - sa))
        theta[mm] = st_th * w
        phi[mm] = phi[mm] * (1 - w) + st_ph * w
        # hike: setup pose -> first turnaround pose; the bell tips from upright into line
        mm = (tf >= ha) & (tf < hb)
        w = smootherstep((tf[mm] - ha) / (hb - ha))
        theta[mm] = st_th + (thv[0] - st_th) * w
        phi[mm] = st_ph + (pv[0] - st_ph) * w
        tilt[mm] = -st_ph * (1 - smootherstep((tf[mm] - ha) / (0.6 * (hb - ha))))
        held[mm] = True
        # park: last backswing -> forward onto the floor (a new setup pose), bell tips upright
        pk_th, pk_ph = setup_theta, setup_phi
        mm = (tf > pa) & (tf <= pb)
        w = smootherstep((tf[mm] - pa) / (pb - pa))
        theta[mm] = thv[-1] + (pk_th - thv[-1]) * w
        phi[mm] = pv[-1] + (pk_ph - pv[-1]) * w
        tilt[mm] = -pk_ph * smootherstep((tf[mm] - (pa + 0.4 * (pb - pa))) / (0.6 * (pb - pa)))
        held[mm] = True
        # hold the park pose, then stand up
        mm = (tf > pb) & (tf < ua)
        theta[mm] = pk_th
        phi[mm] = pk_ph
        tilt[mm] = -pk_ph
        mm = (tf >= ua) & (tf <= ub)
        w = smootherstep((tf[mm] - ua) / (ub - ua))
        theta[mm] = pk_th * (1 - w)
        phi[mm] = pk_ph * (1 - w) + phi[mm] * w
        setup_poses.append((st_th, st_ph, pk_th, pk_ph))

    # twist about the arm (one hand: the thumb turns back in the backswing), a smooth function
    # of the arm angle, faded in during the hike and out during the park
    s_tw = (top0 - phi) / (top0 - back0)
    ramp = np.zeros(N)
    for si in range(len(phi_runs)):
        ha, hb = ev['hike'][si]
        pa, pb = ev['park'][si]
        mm = (tf >= ha) & (tf <= pb)
        ramp[mm] = smootherstep((tf[mm] - ha) / (hb - ha)) * (1 - smootherstep((tf[mm] - pa) / (pb - pa)))
    twist = twist_amp * s_tw ** 2 * ramp
    # walking about in the rests (the arm swings ~±20 deg at the step rhythm ~0.9 Hz, the hips
    # bob at twice that): only a wrist sensor sees it; a false-rep test
    bob = np.zeros(N)
    if cfg.get('walk', True):
        rest_spans = [(ev['standup'][i][1] + 1.0, ev['setup'][i + 1][0] - 1.0) for i in range(len(phi_runs) - 1)]
        rest_spans.append((ev['standup'][-1][1] + 0.5, tf[-1] - 0.5))
        for a0, a1 in rest_spans:
            if a1 - a0 < 4 or rng.random() < 0.4:
                continue
            dur = min(a1 - a0, rng.uniform(5, 15))
            w0 = a0 + rng.uniform(0, a1 - a0 - dur)
            mm = (tf >= w0) & (tf <= w0 + dur)
            u = (tf[mm] - w0) / dur
            env = smootherstep(np.minimum(u, 1 - u) * dur / 1.0)   # 1 s fade in/out
            fstep = rng.uniform(0.8, 1.0)
            phi[mm] += math.radians(rng.uniform(12, 25)) * np.sin(2 * np.pi * fstep * (tf[mm] - w0)) * env
            bob[mm] += 0.025 * np.sin(4 * np.pi * fstep * (tf[mm] - w0)) * env
    # hip translation follows the hinge (the hips go back and down as the torso tips)
    hinge = theta / theta_max0  # unclipped: smooth (hips slightly forward when leaning back)
    hip_x = -b['hip_back'] * hinge
    hip_zo = -b['knee_drop'] * hinge ** 2 + bob
    sh, arm = skeleton_points(b, hip_x, hip_zo, theta, phi, shoulder_y, plane_tilt)
    # the bell turns in the grip (model v2, cfg grip_pivot = k in 0..1): it hangs from the
    # handle like a pendulum from an accelerating pivot, so its quasi-static direction is the
    # apparent gravity g_vec - a_grip; a firm grip keeps only the share k of that deflection;
    # the deflection fades where the apparent gravity vanishes (free float), is limited to
    # +-40 deg and smoothed (80 ms: the bell lags, it does not follow the hand instantly); faded in during the hike
    # and out during the park like the twist
    k_grip = cfg.get('grip_pivot', 0.0)
    if k_grip:
        grip_l = sh + b['L_grip'] * arm
        a_grip = deriv(deriv(grip_l, 1 / FS_FINE), 1 / FS_FINE)
        app = np.array([0.0, 0.0, -G]) - a_grip
        psi_b = np.arctan2(app[:, 0], -app[:, 2])
        beta = np.angle(np.exp(1j * (psi_b - phi)))
        mag2 = app[:, 0] ** 2 + app[:, 2] ** 2
        beta *= mag2 / (mag2 + (0.3 * G) ** 2)
        beta = np.clip(k_grip * beta, -math.radians(40), math.radians(40))
        from scipy.ndimage import gaussian_filter1d
        beta = gaussian_filter1d(beta, 0.08 * FS_FINE)
        tilt = tilt + beta * ramp
    # bell orientation (bell frame: +z from the bell's centre towards the handle)
    heading = cfg['heading']
    R_tilt = rot_x(np.full(N, plane_tilt)) if plane_tilt else np.broadcast_to(np.eye(3), (N, 3, 3))
    R_arm = np.matmul(rot_z(np.array(heading)), np.matmul(R_tilt, rot_y(-phi)))
    R_bell = np.matmul(R_arm, np.matmul(rot_z(twist), rot_y(-tilt)))
    Rh = rot_z(np.array(heading))
    grip = _mv(Rh, sh + b['L_grip'] * arm)
    com = grip + _Rv(R_bell, np.array([0, 0, -b['grip_to_com']]))
    # the bell stays where it was put down while not held
    com_f = com.copy()
    Rb_f = R_bell.copy()
    idx = np.where(held)[0]
    if len(idx):
        last = idx[0]
        for i in range(N):
            if held[i]:
                last = i
            else:
                com_f[i] = com[last]
                Rb_f[i] = R_bell[last]
        # before the first hold: the bell sits where it will be picked up
        first = idx[0]
        com_f[:first] = com[first]
        Rb_f[:first] = R_bell[first]
    out = {'t': tf, 'com': com_f, 'R_bell': Rb_f, 'R_arm': R_arm, 'body': b, 'sets': sets_truth,
           'shoulder': _mv(Rh, sh), 'arm': _mv(Rh, arm),
           'grip': grip, 'held': held}
    # sensor
    if cfg['placement'] == 'bell':
        # handle: on the handle's crossbar, near the bell's axis, most of grip_to_com above
        #   the centre of mass; side: taped to the ball, one bell radius (~0.7 grip_to_com) off
        #   the axis in a random direction; com: idealised, at the centre of mass
        mount = cfg.get('bell_mount', 'handle')
        ang = rng.uniform(0, 2 * math.pi)
        r_side = 0.7 * b['grip_to_com'] * rng.uniform(0.9, 1.1)
        lat = rng.uniform(-0.01, 0.01, 2)
        if cfg.get('handle_offset') is None:
            cfg['handle_offset'] = float(b['grip_to_com'] * rng.uniform(0.8, 1.0)) if mount == 'handle' else \
                (float(rng.uniform(-0.03, 0.03)) if mount == 'side' else 0.0)
        if mount == 'side':
            off = np.array([r_side * math.cos(ang), r_side * math.sin(ang), cfg['handle_offset']])
        elif mount == 'handle':
            off = np.array([lat[0], lat[1], cfg['handle_offset']])
        else:
            off = np.array([0.0, 0.0, cfg['handle_offset']])
        cfg['sensor_offset_bell_frame'] = off.tolist()
        # handle_offset: along the bell's axis from its centre of mass towards the handle, m
        spos = com_f + _Rv(Rb_f, off)
        R_s = np.matmul(Rb_f, cfg['mount'])
    elif cfg['placement'] == 'hips':
        # a phone in a belt pouch or a front pocket: a point of the pelvis, which pitches with the
        # torso's hinge by a share (the lumbar spine takes the rest); forward 0.06-0.15 m, up
        # 0-0.1 m from the hip joint, to one side
        share = rng.uniform(0.5, 0.85)
        off = np.array([rng.uniform(0.06, 0.15), rng.choice([-1, 1]) * rng.uniform(0.0, 0.15), rng.uniform(0.0, 0.10)])
        cfg['sensor_offset_pelvis'] = off.tolist()
        cfg['pelvis_share'] = share
        hip = np.stack([hip_x, np.zeros(N), b['hip_z'] + hip_zo], -1)
        R_p = rot_y(share * theta)
        spos = _mv(Rh, hip + _Rv(R_p, off))
        R_s = np.matmul(np.matmul(Rh, R_p), cfg['mount'])
    else:
        r_w = b['L_grip'] - b['wrist_to_grip']
        wrist = out['shoulder'] + r_w * out['arm']
        R_fore = np.matmul(R_arm, rot_z(twist))
        spos = wrist + _Rv(R_fore, np.array([0.03, 0.0, 0.0]))
        R_s = np.matmul(R_fore, cfg['mount'])
    out['spos'] = spos
    out['R_s'] = R_s
    return out


def smooth_noise(rng, t, fc, amp):
    """Band-limited random signal (~fc Hz) with rms amp."""
    if len(t) < 10:
        return np.zeros_like(t)
    n = len(t)
    x = rng.normal(size=n)
    X = np.fft.rfft(x)
    f = np.fft.rfftfreq(n, t[1] - t[0])
    X *= np.exp(-(f / fc) ** 2)
    y = np.fft.irfft(X, n)
    return y / (y.std() + 1e-12) * amp


# ---------------------------------------------------------------- hip pull session
def simulate_hip_pull(rng, cfg):
    # a hinge: the hip joint H travels back (shins near vertical, knees soft) and sinks a
    # little; the pelvis pitches forward about H; the belt (band attachment B, sensor S) is a
    # point of the pelvis
    travel0 = rng.uniform(0.15, 0.30)       # hip joint's back-forward travel, m
    dz = rng.uniform(0.02, 0.08)            # hip joint's drop at the deepest hinge, m
    if cfg.get('hip_drop_m') is not None:
        dz = float(cfg['hip_drop_m'])       # diagnostic variant: a fixed drop (0: a level path)
    pitch0 = math.radians(rng.uniform(30, 70))  # pelvis pitch at the turnaround
    if cfg.get('hip_pitch_deg') is not None:
        pitch0 = math.radians(cfg['hip_pitch_deg'])  # diagnostic variant: a fixed pelvis pitch
    period0 = 60.0 / cfg['cadence']
    drive_frac = rng.uniform(0.40, 0.50)
    z0 = rng.uniform(0.95, 1.1)
    k = cfg['band_k']
    pre = cfg['band_pre']                   # band stretch at the normal turnaround, m
    sets_truth = []
    t = rng.uniform(3, 6)
    kt, kv = [], []
    runs = []
    walks = []
    for si in range(cfg['sets']):
        n = cfg['reps'][si]
        fat = cfg['fatigue'][si]
        walk = rng.uniform(1.5, 2.5)
        walks.append((t, t + walk))
        t0 = t + walk + rng.uniform(0.5, 1.0)
        # start: standing at lockout position x=0 -> first turnaround
        first_down = rng.uniform(0.8, 1.2) * (1 - drive_frac) * period0
        times = [t0, t0 + first_down]
        vals = [0.0, -travel0]
        turns, apexes = [], []
        tt = t0 + first_down
        for i in range(n):
            r = i / max(1, n - 1)
            tr, per, df = travel0, period0, drive_frac
            if fat['kind'] == 'decline':
                tr = travel0 * (1 - fat['drop'] * r)
                per *= 1 + 0.1 * r
                df *= 1 + 0.12 * r
            elif fat['kind'] == 'breakdown' and i + 1 >= fat['k']:
                tr = travel0 * (1 - fat['drop'])
                per *= 1.15
                df *= 1.2
            tr *= 1 + rng.normal(0, 0.03)
            per *= 1 + rng.normal(0, 0.03)
            turns.append(tt)
            vals[-1] = -tr  # this rep's depth (the previous descent ends here)
            apexes.append(tt + df * per)
            times += [tt + df * per, tt + per]
            vals += [rng.normal(0, 0.005), -travel0 * (1 + rng.normal(0, 0.03))]
            tt += per
        # after the last lockout: stand (no further hinge) -> replace the last knot
        times[-1] = apexes[-1] + rng.uniform(0.8, 1.5)
        vals[-2] = 0.0   # the last lockout is the standing position (continuous with the rest)
        vals[-1] = 0.0
        if cfg.get('hip_end_hinge'):
            # diagnostic variant: one more hinge (not a rep) after the last lockout, then stand
            times[-1] = apexes[-1] + (1 - drive_frac) * period0
            vals[-1] = -travel0 * 0.9
            times.append(times[-1] + drive_frac * period0 * 1.3)
            vals.append(0.0)
        runs.append((times, vals))
        sets_truth.append({'turns': turns, 'apexes': apexes, 'start': turns[0], 'end': apexes[-1]})
        rest = cfg['rest'][si] if si < cfg['sets'] - 1 else rng.uniform(3, 6)
        t = times[-1] + rest
    T_total = t
    tf = np.arange(0, T_total, 1 / FS_FINE)
    N = len(tf)
    x = np.zeros(N)
    for times, vals in runs:
        m = (tf >= times[0]) & (tf <= times[-1])
        x[m] = fill_extremes_physical(tf[m], times, vals)
    s = -x / travel0   # 0 at lockout, 1 at the normal turnaround (smooth, unclipped)
    z = z0 - dz * s ** 2
    cpl = rng.uniform(0.6, 1.0)  # pelvis rhythm: partly linear, partly quadratic in the travel
    pitch = pitch0 * (cpl * s + (1 - cpl) * s ** 2)
    # walking in/out before each set: forward bobbing of the belt (translation only)
    y = np.zeros(N)
    xw = np.zeros(N)
    # stepping into position before each set (in place: vertical bob at the step rate, a small
    # fore-aft sway), faded in and out
    for a, c in walks:
        m = (tf >= a) & (tf <= c)
        u = (tf[m] - a) / (c - a)
        env = np.sin(np.pi * u) ** 2
        z[m] += 0.02 * np.sin(2 * np.pi * 1.8 * (tf[m] - a)) * env
        xw[m] += 0.03 * np.sin(2 * np.pi * 0.9 * (tf[m] - a)) * env
    heading = cfg['heading']
    Rh = rot_z(np.array(heading))
    H_local = np.stack([x + xw, y, z], -1)
    Rp_local = rot_y(pitch)
    # belt front (band attachment) relative to the hip joint in the pelvis frame: forward and up
    b_belt = np.array([rng.uniform(0.06, 0.12), 0.0, rng.uniform(0.06, 0.12)])
    # sensor on the belt: at the side or the back, at belt height
    side = rng.uniform(0, 1) < 0.5
    s_off = np.array([rng.uniform(-0.02, 0.06) if side else rng.uniform(-0.14, -0.08),
                      (rng.choice([-1, 1]) * rng.uniform(0.13, 0.18)) if side else rng.uniform(-0.03, 0.03),
                      rng.uniform(0.05, 0.12)])
    if cfg.get('hip_sensor_at_band'):
        s_off = b_belt.copy()   # diagnostic variant: the sensor sits on the band's attachment
    if cfg.get('hip_sensor_at_joint'):
        s_off = np.zeros(3)     # diagnostic variant: the sensor sits on the hip joint (no lever)
    B_local = H_local + _Rv(Rp_local, b_belt)
    S_local = H_local + _Rv(Rp_local, s_off)
    pos = _mv(Rh, B_local)
    spos = _mv(Rh, S_local)
    R_pelvis = np.matmul(Rh, Rp_local)
    R_s = np.matmul(R_pelvis, cfg['mount'])
    # the band's stretch follows the belt front's forward position; at the normal turnaround
    # (H at -travel0, pitch pitch0) it is cfg['band_pre']
    bx_turn0 = -travel0 + (rot_y(np.array(pitch0)) @ b_belt)[0]
    cfg['sensor_offset_pelvis'] = s_off.tolist()
    cfg['belt_offset_pelvis'] = b_belt.tolist()
    return {'t': tf, 'com': pos, 'bx': B_local[:, 0], 'bx_turn0': float(bx_turn0), 'spos': spos,
            'hjoint': _mv(Rh, H_local), 'hx': H_local[:, 0], 'hx_turn0': -travel0,
            'sx': S_local[:, 0], 'sx_turn0': float(-travel0 + (rot_y(np.array(pitch0)) @ s_off)[0]),
            'R_s': R_s, 'sets': sets_truth, 'travel': travel0}


# ---------------------------------------------------------------- truth
def truth_swing(sim, mass):
    tf = sim['t']
    h = tf[1] - tf[0]
    p = sim['com']
    v = deriv(p, h)
    a = deriv(v, h)
    E = 0.5 * mass * (v ** 2).sum(1) + mass * G * p[:, 2]
    P = mass * (v * (a + np.array([0, 0, G]))).sum(1)
    sp = np.linalg.norm(v, axis=1)
    # the same quantities for the sensor's own point (diagnostic: what a method that takes the
    # sensor for the bell's centre of mass would get with perfect processing)
    vs = deriv(sim['spos'], h)
    a_s = deriv(vs, h)
    Es = 0.5 * mass * (vs ** 2).sum(1) + mass * G * sim['spos'][:, 2]
    Ps = mass * (vs * (a_s + np.array([0, 0, G]))).sum(1)
    sps = np.linalg.norm(vs, axis=1)
    sets = []
    for s in sim['sets']:
        reps = []
        T, A = s['turns'], s['apexes']
        # with the bell turning in the grip its centre of mass is not exactly at rest at the
        # arm's extremes: the turnaround is the slowest instant near the arm's back extreme
        def slowest(tk, half=0.12):
            j = int(round(tk * FS_FINE))
            w0, w1 = j - int(half * FS_FINE), j + int(half * FS_FINE)
            return w0 + int(np.argmin(sp[w0:w1 + 1]))
        Ti = [slowest(x) for x in T]
        T = [float(tf[j]) for j in Ti]
        for i in range(len(A)):
            i0, i1, i2 = Ti[i], int(round(A[i] * FS_FINE)), Ti[i + 1]
            # the apex is the slowest instant near the arm's top (the torso may still drift a
            # few cm/s there, so it is not exactly the arm's extreme)
            w0, w1 = i1 - int(0.15 * FS_FINE), i1 + int(0.15 * FS_FINE)
            i1 = w0 + int(np.argmin(sp[w0:w1 + 1]))
            W = E[i1] - E[i0]
            reps.append({'turnaround': T[i], 'apex': float(tf[i1]), 'end': T[i + 1],
                         'peakPowerW': float(P[i0:i1 + 1].max()), 'meanDrivePowerW': float(W / (tf[i1] - T[i])),
                         'workJ': float(W), 'peakSpeedMps': float(sp[i0:i2 + 1].max()),
                         'speedAtApex': float(sp[i1]), 'speedAtTurn': float(sp[i0]),
                         'sensorPoint': {'peakPowerW': float(Ps[i0:i1 + 1].max()),
                                         'meanDrivePowerW': float((Es[i1] - Es[i0]) / (tf[i1] - T[i])),
                                         'workJ': float(Es[i1] - Es[i0]), 'peakSpeedMps': float(sps[i0:i2 + 1].max())}})
        sets.append({'start': T[0], 'end': T[-1], 'reps': reps})
    return sets


def truth_hip(sim, k, pre):
    tf = sim['t']
    h = tf[1] - tf[0]
    v = deriv(sim['com'], h)
    # band stretch = pre-stretch at the normal turnaround + forward travel from it
    xb = sim['bx'] - sim['bx_turn0']
    F = k * np.maximum(0.0, xb + pre)
    vx_local = deriv(sim['bx'], h)
    P = F * vx_local
    sp = np.linalg.norm(v, axis=1)
    # diagnostic: the same with the band taken at the sensor's own point instead of the belt
    # front (what a method that measures the sensor's point gets with perfect processing)
    Fh = k * np.maximum(0.0, sim['sx'] - sim['sx_turn0'] + pre)
    Ph = Fh * deriv(sim['sx'], h)
    sph = np.linalg.norm(deriv(sim['spos'], h), axis=1)
    sets = []
    for s in sim['sets']:
        reps = []
        T, A = s['turns'], s['apexes']
        for i in range(len(A)):
            i0, i1 = int(round(T[i] * FS_FINE)), int(round(A[i] * FS_FINE))
            iend = int(round(T[i + 1] * FS_FINE)) if i + 1 < len(T) else i1 + int(0.5 * FS_FINE)
            W = float(np.trapezoid(P[i0:i1 + 1], dx=h))
            Wh = float(np.trapezoid(Ph[i0:i1 + 1], dx=h))
            reps.append({'turnaround': T[i], 'apex': A[i], 'peakPowerW': float(P[i0:i1 + 1].max()),
                         'meanDrivePowerW': W / (A[i] - T[i]), 'workJ': W,
                         'peakSpeedMps': float(sp[i0:iend + 1].max()),
                         'sensorPoint': {'peakPowerW': float(Ph[i0:i1 + 1].max()), 'meanDrivePowerW': Wh / (A[i] - T[i]),
                                         'workJ': Wh, 'peakSpeedMps': float(sph[i0:iend + 1].max()),
                                         'note': 'the band taken at the sensor'}})
        sets.append({'start': T[0], 'end': A[-1], 'reps': reps})
    return sets


def breakdown_rep(mdp, thr=0.8):
    if len(mdp) < 4:
        return None
    ref = float(np.mean(sorted(mdp[:3])[-2:]))
    for i in range(len(mdp)):
        if all(x < thr * ref for x in mdp[i:]):
            return i + 1
    return None


# ---------------------------------------------------------------- sensor + writers
def sensor_samples(rng, sim, cfg):
    tf = sim['t']
    h = tf[1] - tf[0]
    v = deriv(sim['spos'], h)
    a = deriv(v, h)
    R = sim['R_s']
    f_world = a + np.array([0, 0, G])
    f = np.matmul(R.transpose(0, 2, 1), f_world[..., None])[..., 0]
    w = body_rate(R, h)
    fs = cfg['rate']
    ts = np.arange(0.05, tf[-1] - 0.06, 1 / fs)
    ts = ts + rng.normal(0, cfg['jitter'], len(ts))
    ts = np.sort(np.clip(ts, 0, tf[-1]))
    # the gyroscope may run on its own clock (phyphox): a few ms apart, sampled at its own times
    tg = ts + (rng.uniform(0.001, 0.008) if cfg['format'] == 'phyphox' else 0.0)
    fi = np.stack([np.interp(ts, tf, f[:, j]) for j in range(3)], -1)
    wi = np.stack([np.interp(tg, tf, w[:, j]) for j in range(3)], -1)
    fi = fi * (1 + np.asarray(cfg['scale_err'])) + np.asarray(cfg['acc_bias']) * G + rng.normal(0, cfg['acc_noise'] * G, fi.shape)
    wi = wi + np.asarray(cfg['gyro_bias']) + rng.normal(0, cfg['gyro_noise'], wi.shape)
    rngA = cfg['acc_range'] * G
    fi = np.clip(fi, -rngA, rngA)
    wi = np.clip(wi, -cfg['gyro_range'], cfg['gyro_range'])
    return ts, fi, tg, wi


def write_file(path_dir, fmt, ts, f, tg, w, gyro, rng):
    os.makedirs(path_dir, exist_ok=True)
    if fmt == 'physics-toolbox':
        p = os.path.join(path_dir, 'session.csv')
        fg = f / G
        with open(p, 'w') as fh:
            fh.write('time,gFx,gFy,gFz,TgF\n')
            for t, r in zip(ts, fg):
                fh.write(f'{t:.3f},{r[0]:.4f},{r[1]:.4f},{r[2]:.4f},{np.linalg.norm(r):.4f}\n')
        return p
    if fmt == 'tsv-logger':
        p = os.path.join(path_dir, 'session.log')
        fg = f / G
        wd = np.degrees(w)
        t0 = rng.integers(1000, 20000)
        with open(p, 'w') as fh:
            fh.write('Time\tGx\tGy\tGz\tAx\tAy\tAz\n')
            for t, a_, g_ in zip(ts, fg, wd):
                fh.write(f'{int(t0 + round(t * 1000))}\t{g_[0]:.2f}\t{g_[1]:.2f}\t{g_[2]:.2f}\t{a_[0]:.3f}\t{a_[1]:.3f}\t{a_[2]:.3f}\n')
        return p
    if fmt == 'phyphox':
        d = os.path.join(path_dir, 'phyphox')
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, 'Accelerometer.csv'), 'w') as fh:
            fh.write('"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"\n')
            for t, r in zip(ts, f):
                fh.write(f'{t:.9E},{r[0]:.9E},{r[1]:.9E},{r[2]:.9E}\n')
        if gyro:
            with open(os.path.join(d, 'Gyroscope.csv'), 'w') as fh:
                fh.write('"Time (s)","Gyroscope x (rad/s)","Gyroscope y (rad/s)","Gyroscope z (rad/s)"\n')
                for t, r in zip(tg, w):
                    fh.write(f'{t:.9E},{r[0]:.9E},{r[1]:.9E},{r[2]:.9E}\n')
        return d
    if fmt == 'generic':
        p = os.path.join(path_dir, 'session.csv')
        with open(p, 'w') as fh:
            if gyro:
                fh.write('time (s),ax (m/s^2),ay (m/s^2),az (m/s^2),gx (rad/s),gy (rad/s),gz (rad/s)\n')
                for t, r, g_ in zip(ts, f, w):
                    fh.write(f'{t:.4f},{r[0]:.4f},{r[1]:.4f},{r[2]:.4f},{g_[0]:.5f},{g_[1]:.5f},{g_[2]:.5f}\n')
            else:
                fh.write('time (s),ax (m/s^2),ay (m/s^2),az (m/s^2)\n')
                for t, r in zip(ts, f):
                    fh.write(f'{t:.4f},{r[0]:.4f},{r[1]:.4f},{r[2]:.4f}\n')
        return p
    raise ValueError(fmt)


# ---------------------------------------------------------------- session config
def draw_config(rng, exercise=None, placement=None, gyro=None, style=None, fixed=None, model=1):
    cfg = {'model': model}
    if exercise is None:
        exercise = 'hip-pull' if rng.random() < 0.2 else 'swing'
    cfg['exercise'] = exercise
    if exercise == 'swing':
        cfg['placement'] = placement or ('wrist' if rng.random() < 0.3 else 'bell')
        cfg['style'] = style or ('american' if rng.random() < 0.35 else 'russian')
        cfg['hands'] = int(rng.choice([1, 2]))
        cfg['mass'] = float(rng.choice([8, 12, 16, 20, 24, 28, 32]))
        cfg['cadence'] = float(rng.uniform(24, 40) if cfg['style'] == 'russian' else rng.uniform(20, 32))
        # bell sensor: strapped to the handle (grip height, i.e. most of grip_to_com above the
        # bell's centre of mass) or taped to the bell's body near its centre of mass
        u = rng.random()
        cfg['bell_mount'] = 'handle' if u < 0.4 else ('side' if u < 0.7 else 'com')
        cfg['handle_offset'] = None  # filled from the body's grip_to_com in simulate_swing
    else:
        cfg['placement'] = 'hips'
        cfg['cadence'] = float(rng.uniform(18, 32))
        cfg['band_k'] = float(rng.uniform(150, 500))
        cfg['band_pre'] = float(rng.uniform(0.0, 0.4))
    cfg['gyro'] = bool(gyro if gyro is not None else rng.random() < 0.65)
    cfg['sets'] = int(rng.integers(1, 4))
    cfg['reps'] = [int(rng.integers(8, 21)) for _ in range(cfg['sets'])]
    cfg['rest'] = [float(rng.uniform(15, 60)) for _ in range(cfg['sets'])]
    fats = []
    for n in cfg['reps']:
        u = rng.random()
        if u < 0.35:
            fats.append({'kind': 'none'})
        elif u < 0.7:
            fats.append({'kind': 'decline', 'drop': float(rng.uniform(0.1, 0.3))})
        else:
            fats.append({'kind': 'breakdown', 'drop': float(rng.uniform(0.25, 0.45)), 'k': int(rng.integers(max(4, n // 2), n - 1))})
            if model >= 2:  # v2: a milder late breakdown (the top falls by 15-35 % of the arc)
                fats[-1]['drop'] = float(rng.uniform(0.15, 0.35))
    cfg['fatigue'] = fats
    cfg['heading'] = float(rng.uniform(-math.pi, math.pi))
    cfg['rate'] = float(rng.choice([50, 100, 100, 200]))
    cfg['jitter'] = float(rng.uniform(0, 0.002))
    cfg['acc_noise'] = float(rng.uniform(0.003, 0.015))   # g rms
    cfg['acc_bias'] = rng.normal(0, 0.015, 3)              # g
    cfg['scale_err'] = rng.normal(0, 0.01, 3)
    cfg['gyro_noise'] = math.radians(rng.uniform(0.05, 0.3))
    cfg['gyro_bias'] = np.radians(rng.normal(0, 1.0, 3))
    cfg['acc_range'] = float(rng.choice([8, 16]))
    cfg['gyro_range'] = math.radians(2000)
    cfg['mount'] = random_rotation(rng)
    if model >= 2:
        # v2: the bell turns in the grip; real sensor ranges (the KettleBox 8 kg files clip at
        # 4 g and 500 deg/s); a data gap of 0.5-2 s inside a set in some sessions
        cfg["grip_pivot"] = float(rng.uniform(0.2, 0.6)) if cfg['exercise'] == 'swing' else 0.0
        cfg['acc_range'] = float(rng.choice([4, 8, 16]))
        cfg['gyro_range'] = math.radians(float(rng.choice([500, 1000, 2000])))
        cfg['gap'] = {'set': int(rng.integers(0, cfg['sets'])), 'where': float(rng.uniform(0.2, 0.8)),
                      'dur': float(rng.uniform(0.5, 2.0))} if rng.random() < 0.15 else None
    if cfg['gyro']:
        cfg['format'] = str(rng.choice(['tsv-logger', 'phyphox', 'generic']))
    else:
        cfg['format'] = str(rng.choice(['physics-toolbox', 'phyphox', 'generic']))
    if fixed:
        cfg.update(fixed)
    return cfg


def group_of(cfg):
    return f"{cfg['exercise']}/{cfg['placement']}/{'gyro' if cfg['gyro'] else 'accel-only'}"


def make_session(out_dir, seed, **kw):
    rng = np.random.default_rng(seed)
    cfg = draw_config(rng, **kw)
    if cfg['exercise'] == 'swing':
        sim = simulate_swing(rng, cfg)
        truth = truth_swing(sim, cfg['mass'])
    else:
        sim = simulate_hip_pull(rng, cfg)
        truth = truth_hip(sim, cfg['band_k'], cfg['band_pre'])
    for s in truth:
        s['breakdownRep'] = breakdown_rep([r['meanDrivePowerW'] for r in s['reps']])
    ts, f, tg, w = sensor_samples(rng, sim, cfg)
    if cfg.get('gap'):
        st = sim['sets'][cfg['gap']['set']]
        g0 = st['turns'][0] + cfg['gap']['where'] * (st['turns'][-1] - st['turns'][0])
        keep = (ts < g0) | (ts > g0 + cfg['gap']['dur'])
        ts, f, tg, w = ts[keep], f[keep], tg[keep], w[keep]
        cfg['gap']['start'] = float(g0)
    # files start their clock at the first sample: shift the truth onto the file's clock
    t_first = float(ts[0])
    ts, tg = ts - t_first, tg - t_first
    for s in truth:
        s['start'] -= t_first
        s['end'] -= t_first
        for r in s['reps']:
            for k in ('turnaround', 'apex', 'end'):
                if k in r:
                    r[k] -= t_first
    if cfg.get('gap'):
        cfg['gap']['start'] -= t_first
    path = write_file(out_dir, cfg['format'], ts, f, tg, w, cfg['gyro'], rng)
    args = ['--json', '--exercise', cfg['exercise'], '--placement', cfg['placement']]
    if cfg['exercise'] == 'swing':
        args += ['--mass', str(cfg['mass'])]
    else:
        args += ['--band-stiffness', f"{cfg['band_k']:.3f}", f"--band-slack={-cfg['band_pre']:.4f}"]
    meta = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in cfg.items()}
    meta['body'] = sim.get('body')
    doc = {'seed': seed, 'group': group_of(cfg), 'config': meta, 'file': path, 'analyzeArgs': args,
           'sets': truth, 'maxAbsAccG': float(np.abs(f).max() / G)}
    with open(os.path.join(out_dir, 'truth.json'), 'w') as fh:
        json.dump(doc, fh, indent=1)
    return doc


def main():
    ap = argparse.ArgumentParser(description='Independent swing / hip-pull IMU simulator (writes a session file and truth.json per session).')
    ap.add_argument('--out', required=True, help='output folder (one sub-folder per session)')
    ap.add_argument('--sessions', type=int, default=1)
    ap.add_argument('--seed', type=int, default=1, help='base seed; session i uses seed*100000+i')
    ap.add_argument('--exercise', choices=['swing', 'hip-pull'])
    ap.add_argument('--placement', choices=['bell', 'wrist', 'hips'])
    ap.add_argument('--gyro', choices=['yes', 'no'])
    ap.add_argument('--style', choices=['russian', 'american'])
    ap.add_argument('--model', type=int, default=2, choices=[1, 2],
                    help='1: rigid bell in line with the arm, sensor ranges 8/16 g and 2000 deg/s, no gaps (runs r2, r3); '
                         '2 (default): the bell turns in the grip, ranges 4/8/16 g and 500-2000 deg/s, 15 %% of sessions with a data gap, milder breakdown')
    ap.add_argument('--set', action='append', default=[], metavar='KEY=JSON',
                    help='override a config key, e.g. --set sets=1 --set "reps=[10]" --set rate=100')
    a = ap.parse_args()
    fixed = {}
    for kv in a.set:
        k, v = kv.split('=', 1)
        fixed[k] = json.loads(v)
    if 'mount' in fixed and fixed['mount'] == 'identity':
        fixed['mount'] = np.eye(3)
    for i in range(a.sessions):
        seed = a.seed * 100000 + i
        d = os.path.join(a.out, f's{seed}')
        doc = make_session(d, seed, exercise=a.exercise, placement=a.placement,
                           gyro=None if a.gyro is None else a.gyro == 'yes', style=a.style, fixed=fixed, model=a.model)
        print(f"{d}\t{doc['group']}\t{doc['config']['format']}\t{[len(s['reps']) for s in doc['sets']]}")


if __name__ == '__main__':
    main()
