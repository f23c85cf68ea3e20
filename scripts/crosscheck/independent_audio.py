"""Independent swing-audio generator for checking HipDriveAnalysis's audio rep finder.

Not HipDrive's own synthesiser (Sources/HipDriveSimulator/AudioSynthesizer.swift): written apart
from it, with its own sounds. Per rep (26-40 a minute, the period drifting 10 % over a set and
3 % rep to rep) an exhale (band-limited noise 300-4000 Hz, 0.15-0.35 s, its level falling 40 %
over the set) at 0.45 of the period, and/or two whooshes of the bell passing the bottom
(100-1500 Hz, 0.25 s) at 0.2 and 0.75 of it; room noise; a few knocks in each rest.

usage: python3 independent_audio.py SEED [RATE_HZ] [exhale|both|whoosh]
writes sSEED.wav and sSEED.json ({"reps": [per set], "cadence": reps/min}) in the current folder.
Then `hipdrive analyze --json sSEED.wav` and compare the sets' rep counts.
"""
import numpy as np, sys, json
from scipy.io import wavfile
from scipy.signal import butter, sosfilt
rng=np.random.default_rng(int(sys.argv[1])); fs=int(sys.argv[2]) if len(sys.argv)>2 else 16000
mode=sys.argv[3] if len(sys.argv)>3 else 'exhale'
def bandnoise(n,lo,hi):
    sos=butter(4,[lo/(fs/2),min(0.99,hi/(fs/2))],btype='band',output='sos'); return sosfilt(sos,rng.normal(size=n))
T=0; segs=[]; truth=[]
total=0
sets=rng.integers(1,4); reps=[int(rng.integers(8,21)) for _ in range(sets)]
cad=rng.uniform(26,40); per=60/cad
dur=5+sum(r*per+rng.uniform(20,40) for r in reps)
N=int(dur*fs); x=rng.normal(size=N)*rng.uniform(0.002,0.02)  # room noise
t=rng.uniform(3,6)
for si,r in enumerate(reps):
    ts=[]
    for k in range(r):
        p=per*(1+0.1*k/r)*(1+rng.normal(0,0.03))
        ts.append(t)
        # exhale at the float ~0.45 period after turnaround
        if mode in ('exhale','both'):
            i=int((t+0.45*p)*fs); n=int(rng.uniform(0.15,0.35)*fs)
            env=np.hanning(n)**0.5*rng.uniform(0.05,0.3)*(1-0.4*k/r)
            if i+n<N: x[i:i+n]+=bandnoise(n,300,4000)*env
        if mode in ('whoosh','both'):
            for frac in (0.2,0.75):
                i=int((t+frac*p)*fs); n=int(0.25*fs)
                env=np.hanning(n)*rng.uniform(0.03,0.1)
                if i+n<N: x[i:i+n]+=bandnoise(n,100,1500)*env
        t+=p
    truth.append(ts)
    # clatter in rest: a few knocks
    for c in range(int(rng.integers(0,4))):
        i=int((t+rng.uniform(3,15))*fs); n=int(0.03*fs)
        if i+n<N: x[i:i+n]+=rng.normal(size=n)*np.exp(-np.arange(n)/(0.005*fs))*rng.uniform(0.2,0.8)
    t+=rng.uniform(20,40)
x=x/ max(1,np.abs(x).max()*1.1)
wavfile.write('s%s.wav'%sys.argv[1],fs,(x*32000).astype(np.int16))
json.dump({'reps':[len(r) for r in truth],'cadence':cad},open('s%s.json'%sys.argv[1],'w'))
