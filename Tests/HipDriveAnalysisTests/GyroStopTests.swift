import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

@Suite struct GyroStopTests {
    /// A trace that only carries its sampling rate (the stop finder reads nothing else).
    static func emptyTrace(sampleRate: Double, count: Int) -> MotionTrace {
        let quality = DataQuality(effectiveSampleRateHz: sampleRate, timestampJitterS: 0, gapCount: 0,
                                  longestGapS: 1 / sampleRate, clippedPercent: 0, hasGyroscope: true,
                                  hasGravity: false, hasOrientation: false)
        return MotionTrace(sampleRate: sampleRate, linearAcceleration: Axes(count: count),
                           specificForce: Axes(count: count), angularVelocity: nil,
                           orientation: Array(repeating: .identity, count: count),
                           orientationMethod: .sensorFusion, quality: quality)
    }

    /// A saturated gyroscope can snap back for a few samples (seen in the KettleBox 8 kg files:
    /// −519 → +94 → −514 deg/s within 0.1 s). That short opposite lobe is not a stop, and the
    /// real stop a quarter second before it must survive: every turnaround and apex is found.
    @Test func aGlitchNextToAStopDoesNotHideTheStop() {
        let fs = 100.0, period = 1.8
        let n = Int(10.8 * fs)
        var rate = (0..<n).map { 8 * sin(2 * .pi * Double($0) / fs / period) }
        // A 50 ms reversal 0.25 s after every third stop.
        for stop in stride(from: 1, to: 12, by: 3) {
            let at = Int((Double(stop) * period / 2 + 0.25) * fs)
            for i in at..<min(n, at + 5) { rate[i] = -0.2 * rate[i] }
        }
        let finder = MotionRepFinder(exercise: .swing, trace: Self.emptyTrace(sampleRate: fs, count: n))
        let stops = finder.gyroStops(rate: rate, active: 0..<n, period: period).map { Double($0) / fs }
        let expected = (1...11).map { Double($0) * period / 2 }
        #expect(stops.count == expected.count, "\(stops)")
        for (found, truth) in zip(stops, expected) {
            #expect(abs(found - truth) < 0.03, "\(stops)")
        }
    }
}
