#!/bin/sh
# Regenerates every recording in SampleData/ with `hipdrive simulate`, and manifest.csv.
# Deterministic: each session has its own --seed, so the files come out byte for byte the same.
#
# Usage (from the package root):  sh SampleData/regenerate.sh
# Uses $HIPDRIVE if set, else builds and uses .build/debug/hipdrive.
set -eu
cd "$(dirname "$0")/.."
if [ -z "${HIPDRIVE:-}" ]; then
    swift build --product hipdrive >/dev/null
    HIPDRIVE=.build/debug/hipdrive
fi
OUT=SampleData

sim() { # sim FOLDER ARGS...   (writes FOLDER/recording.* and FOLDER/truth.json)
    folder=$1; shift
    rm -rf "$OUT/$folder"
    "$HIPDRIVE" simulate --out "$OUT/$folder" --name recording "$@" >/dev/null 2>&1
}

# Bell sensors sit on the handle (simulate's default `--bell-sensor handle`, where people strap
# them); the manifest says `handle`, and the analysis moves them to the bell's centre of mass.

# ana: 16 kg Russian swings, bell-mounted IMU; gets stronger over four weeks.
sim ana/2026-01-05-swing-16kg --seed 101 --date 2026-01-05T07:30:00Z --format physics-toolbox \
    --mass 16 --reps 15 --fatigue decline --fatigue-loss 18 --placement bell --bell-sensor handle
sim ana/2026-01-19-swing-16kg-3x10 --seed 102 --date 2026-01-19T07:30:00Z --format kettlebox --rate 50 \
    --mass 16 --sets 3 --reps 10 --rest 30 --fatigue decline --fatigue-loss 20 --clatter 2 --placement bell --bell-sensor handle
sim ana/2026-02-02-swing-16kg --seed 103 --date 2026-02-02T07:30:00Z --format physics-toolbox \
    --mass 16 --reps 18 --fatigue breakdown --breakdown-rep 14 --fatigue-loss 30 --cadence 35 --placement bell --bell-sensor handle

# ben: 24 kg American swings with a wrist IMU, then banded hip pulls with a belt IMU.
sim ben/2026-01-07-swing-24kg-american-wrist --seed 201 --date 2026-01-07T18:00:00Z --format metawear \
    --mass 24 --style american --reps 12 --fatigue decline --fatigue-loss 25 --placement wrist --gaps 1 --gap-duration 1.2
sim ben/2026-01-21-hip-pull-band --seed 202 --date 2026-01-21T18:00:00Z --format phyphox --rate 50 \
    --exercise hip-pull --band-stiffness 200 --band-slack 1.2 --reps 12 --placement hips
sim ben/2026-02-04-hip-pull-band --seed 203 --date 2026-02-04T18:00:00Z --format phyphox --rate 50 \
    --exercise hip-pull --band-stiffness 200 --band-slack 1.2 --reps 15 --fatigue decline --fatigue-loss 20 --placement hips

# chloe: 12 kg swings; one session heard by a phone on the floor, one with a one-hand IMU on the bell.
sim chloe/2026-01-12-swing-12kg-audio --seed 301 --date 2026-01-12T12:15:00Z --format wav --audio-rate 8000 \
    --mass 12 --reps 10 --idle 3 --clatter 2
sim chloe/2026-01-26-swing-12kg-one-hand --seed 302 --date 2026-01-26T12:15:00Z --format kettlebox \
    --mass 12 --hands one --reps 14 --pauses 1 --fatigue decline --fatigue-loss 15 --accel-range 4 --gyro-range 500 --placement bell --bell-sensor handle

cat > "$OUT/manifest.csv" <<'CSV'
path,athlete,date,exercise,mass_kg,band,placement
ana/2026-01-05-swing-16kg/recording.csv,ana,2026-01-05,swing,16,,handle
ana/2026-01-19-swing-16kg-3x10/recording.csv,ana,2026-01-19,swing,16,,handle
ana/2026-02-02-swing-16kg/recording.csv,ana,2026-02-02,swing,16,,handle
ben/2026-01-07-swing-24kg-american-wrist/recording,ben,2026-01-07,swing,24,,wrist
ben/2026-01-21-hip-pull-band/recording,ben,2026-01-21,hip-pull,,200 N/m,hips
ben/2026-02-04-hip-pull-band/recording,ben,2026-02-04,hip-pull,,200 N/m,hips
chloe/2026-01-12-swing-12kg-audio/recording.wav,chloe,2026-01-12,swing,12,,microphone
chloe/2026-01-26-swing-12kg-one-hand/recording.csv,chloe,2026-01-26,swing,12,,handle
CSV
echo "SampleData regenerated with $HIPDRIVE"
