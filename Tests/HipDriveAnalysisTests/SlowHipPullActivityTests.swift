import Foundation
import Testing
@testable import HipDriveAnalysis
import HipDriveRecordings

/// A slow, shallow banded hip pull: the hips travel 0.2 m at 20 reps/min without turning the
/// sensor (a sensor on the band's handle, or a simulator that moves the hips as a point). Its
/// acceleration is 0.3 m/s² RMS and it does not rotate, under both fixed activity thresholds
/// (1 m/s², 0.2 rad/s); the recording's quiet stretches show only the sensor's noise.
private func translatingHipPullTrace(swayOnly: Bool = false, seed: UInt64 = 7) -> (trace: MotionTrace, set: ClosedRange<Double>) {
    let fs = 100.0, rest = 15.0, period = 3.0, reps = 12.0
    let duration = 2 * rest + reps * period
    let n = Int(duration * fs)
    var generator = SplitMix(seed: seed)  // PendulumSwing.swift
    var linear = Axes(count: n), force = Axes(count: n), rate = Axes(count: n)
    let g = 9.80665, omega = 2 * Double.pi / period
    for i in 0..<n {
        let t = Double(i) / fs
        var ax = 0.0
        if swayOnly {
            // Standing: a body sway of 1 cm at 0.3 Hz.
            ax = -0.01 * pow(2 * Double.pi * 0.3, 2) * sin(2 * Double.pi * 0.3 * t)
        } else if t >= rest && t < rest + reps * period {
            // x = −0.1·(1 − cos ωt): back 0.2 m and forward again each period.
            ax = -0.1 * omega * omega * cos(omega * (t - rest))
        }
        let noise = (generator.gaussian() * 0.1, generator.gaussian() * 0.1, generator.gaussian() * 0.1)
        linear.x[i] = ax + noise.0; linear.y[i] = noise.1; linear.z[i] = noise.2
        force.x[i] = ax + noise.0; force.y[i] = noise.1; force.z[i] = g + noise.2
        rate.x[i] = generator.gaussian() * 0.002; rate.y[i] = generator.gaussian() * 0.002; rate.z[i] = generator.gaussian() * 0.002
    }
    let quality = DataQuality(effectiveSampleRateHz: fs, timestampJitterS: 0, gapCount: 0, longestGapS: 0,
                              clippedPercent: 0, hasGyroscope: true, hasGravity: false, hasOrientation: false)
    let trace = MotionTrace(sampleRate: fs, linearAcceleration: linear, specificForce: force, angularVelocity: rate,
                            orientation: Array(repeating: Quaternion(w: 1, x: 0, y: 0, z: 0), count: n),
                            orientationMethod: .sensorFusion, quality: quality)
    return (trace, rest...(rest + reps * period))
}

@Test func aSlowTranslatingHipPullIsActivity() throws {
    let (trace, set) = translatingHipPullTrace()
    let runs = ActivityDetector.activeRuns(in: trace, segment: 0..<trace.count, useRotation: true)
    let run = try #require(runs.first, "the set is found")
    #expect(runs.count == 1, "one set, not pieces: \(runs)")
    let start = trace.time(at: run.lowerBound), end = trace.time(at: run.upperBound)
    #expect(abs(start - set.lowerBound) < 1.5 && abs(end - set.upperBound) < 1.5,
            "the run \(start)–\(end) s spans the set \(set)")
    // A swing's detector (no rotation test) keeps its fixed threshold: this is not a swing.
    #expect(ActivityDetector.activeRuns(in: trace, segment: 0..<trace.count).isEmpty)
}

@Test func standingSwayIsNotActivity() {
    let (trace, _) = translatingHipPullTrace(swayOnly: true)
    #expect(ActivityDetector.activeRuns(in: trace, segment: 0..<trace.count, useRotation: true).isEmpty)
}
