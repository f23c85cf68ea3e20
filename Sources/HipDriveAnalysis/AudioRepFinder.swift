import Foundation
import HipDriveRecordings

/// Reps from an audio recording's onset trace, with the cadence as a prior.
///
/// A swing is heard as an exhale near the float and the bell's whoosh as it passes the bottom
/// (twice per rep), on top of room noise and the odd clatter. The finder:
/// 1. estimates the rep period T from the autocorrelation of the onset trace (the sound of a rep
///    repeats every T; the shortest strong lag wins, see `CadenceEstimator`);
/// 2. picks onset peaks that stand out from the trace's noise floor (median + 4·MAD);
/// 3. groups them into sets (peaks more than 2.5·T apart start a new group);
/// 4. in each group, chooses the chain of peaks that maximises total onset strength minus a
///    tempo penalty on each interval, λ·s̄·(log₂(Δ/T))² (dynamic programming, as in Ellis 2007's
///    beat tracker). One event class per period wins; clatter between reps would make two short
///    intervals and is left out; an isolated knock in a rest makes a chain of one and is dropped
///    (a set needs at least three reps).
///
/// Audio gives rep times, cadence and tempo. It does not see the turnaround: the rep's `start`
/// and `turnaround` are the time of its chosen sound event (one per rep), and `apex` is nil.
/// Watts only with a calibration (mass and float height), labelled as an estimate.
enum AudioRepFinder {
    /// Weight of the tempo penalty relative to the mean peak strength: an interval off by a
    /// factor two costs λ times a typical rep's onset strength.
    static let tempoPenaltyWeight = 2.0
    /// Peaks must exceed median + this many median absolute deviations of the onset trace.
    static let peakThresholdMADs = 4.0
    static let minimumRepsPerSet = 3

    struct Result {
        var period: Double?
        var sets: [[Double]]
    }

    static func findReps(_ trace: AudioTrace) -> Result {
        let rate = trace.traceRate
        let onset = SignalMath.movingAverage(trace.onsetStrength, window: max(1, Int((0.05 * rate).rounded())))
        guard let estimate = CadenceEstimator.estimate([onset], sampleRate: rate) else {
            return Result(period: nil, sets: [])
        }
        let period = estimate.periodS
        let median = SignalMath.median(onset) ?? 0
        let mad = SignalMath.median(onset.map { abs($0 - median) }) ?? 0
        let threshold = median + peakThresholdMADs * max(mad, 1e-12)
        // Peaks at least 0.15 s apart (the larger one wins), above the noise floor.
        let minimumSeparation = max(1, Int(0.15 * rate))
        var peaks: [Int] = []
        for i in SignalMath.localMaxima(onset, in: 1..<onset.count) where onset[i] > threshold {
            if let last = peaks.last, i - last < minimumSeparation {
                if onset[i] > onset[last] { peaks[peaks.count - 1] = i }
            } else {
                peaks.append(i)
            }
        }
        var groups: [[Int]] = []
        for peak in peaks {
            if let last = groups.last?.last, Double(peak - last) / rate <= 2.5 * period {
                groups[groups.count - 1].append(peak)
            } else {
                groups.append([peak])
            }
        }
        var sets: [[Double]] = []
        for group in groups {
            var chain = bestChain(group, strength: onset, rate: rate, period: period)
            // The hike's whoosh and the park's knock sit at the ends of a set about one period
            // from the first and last exhale; they are not reps. An exhale is a breath: its
            // loudness (RMS) stays up for a few hundred milliseconds, where a knock is a spike
            // and a whoosh is quieter. Trim ends that are shorter than half the chain's typical
            // sound or weaker than half its typical onset.
            let widths = chain.map { soundWidth(trace.rmsEnvelope, at: $0) }
            let strengths = chain.map { onset[$0] }
            if let typicalWidth = SignalMath.median(widths), let typicalStrength = SignalMath.median(strengths) {
                func odd(_ k: Int) -> Bool { widths[k] < 0.5 * typicalWidth || strengths[k] < 0.5 * typicalStrength }
                // At most one sound per end: the hike before the first rep, the park after the last.
                var first = 0, last = chain.count - 1
                if first < last, odd(first) { first += 1 }
                if last > first, odd(last) { last -= 1 }
                chain = Array(chain[first...last])
            }
            if chain.count >= minimumRepsPerSet { sets.append(chain.map { Double($0) / rate }) }
        }
        return Result(period: period, sets: sets)
    }

    /// Width of the loudness bump around `index`: samples above half its height over the local
    /// floor, searched up to half a second either side.
    static func soundWidth(_ rms: [Double], at index: Int) -> Double {
        guard index < rms.count else { return 0 }
        let lo = max(0, index - 50), hi = min(rms.count - 1, index + 50)
        let floor = rms[lo...hi].min() ?? 0
        let peak = rms[max(0, index - 5)...min(rms.count - 1, index + 5)].max() ?? rms[index]
        let half = floor + 0.5 * (peak - floor)
        var left = index, right = index
        while left > lo, rms[left - 1] >= half { left -= 1 }
        while right < hi, rms[right + 1] >= half { right += 1 }
        return Double(right - left + 1)
    }

    /// Dynamic programming over the peaks of one group (see the type's documentation).
    static func bestChain(_ peaks: [Int], strength: [Double], rate: Double, period: Double) -> [Int] {
        guard !peaks.isEmpty else { return [] }
        let typical = SignalMath.median(peaks.map { strength[$0] }) ?? 1
        var score = [Double](repeating: 0, count: peaks.count)
        var previous = [Int?](repeating: nil, count: peaks.count)
        for (j, peak) in peaks.enumerated() {
            score[j] = strength[peak]
            for i in stride(from: j - 1, through: 0, by: -1) {
                let interval = Double(peak - peaks[i]) / rate
                // Within a set the rhythm drifts slowly (fatigue slows it by 10–20 %); an interval
                // outside 0.65–1.4 periods is a knock or a pause, not the next rep.
                if interval > 1.4 * period { break }
                if interval < 0.65 * period { continue }
                let ratio = log2(interval / period)
                let candidate = score[i] + strength[peak] - tempoPenaltyWeight * typical * ratio * ratio
                if candidate > score[j] {
                    score[j] = candidate
                    previous[j] = i
                }
            }
        }
        guard var k = score.indices.max(by: { score[$0] < score[$1] }) else { return [] }
        var chain = [peaks[k]]
        while let p = previous[k] {
            chain.append(peaks[p])
            k = p
        }
        return chain.reversed()
    }

    static func analyze(_ trace: AudioTrace, recording: Recording, settings: AnalysisSettings) -> SessionAnalysis {
        let result = findReps(trace)
        var notes = ["audio: rep times, cadence and tempo only; rep start is the rep's sound event, not the turnaround"]
        let calibrated = settings.load.massKg != nil && settings.load.audioFloatHeightM != nil
            && settings.exercise == .swing
        if calibrated {
            notes.append("power is an estimate from the calibration: work = m·g·float height, drive time = half the rep period")
        }
        var sets: [SetAnalysis] = []
        for times in result.sets {
            let intervals = zip(times, times.dropFirst()).map { $1 - $0 }
            let typical = SignalMath.median(intervals) ?? result.period ?? 0
            var reps: [RepMetrics] = []
            for (k, time) in times.enumerated() {
                let end = k + 1 < times.count ? times[k + 1] : time + typical
                var rep = RepMetrics(index: k + 1, start: time, end: end, turnaround: time, apex: nil,
                                     repTimeS: end - time)
                if calibrated, let mass = settings.load.massKg, let height = settings.load.audioFloatHeightM {
                    let work = mass * standardGravity * height
                    let drive = 0.5 * (end - time)
                    rep.workJ = work
                    rep.workJPerKg = standardGravity * height
                    rep.driveTimeS = drive
                    rep.meanDrivePowerW = work / drive
                    rep.meanDrivePowerWPerKg = standardGravity * height / drive
                }
                reps.append(rep)
            }
            var context = FatigueAnalyzer.Context(breakdownThreshold: settings.breakdownThreshold,
                                                  lossThresholdsPct: settings.lossThresholdsPct)
            context.notes.append("audio: no power or speed measured; fatigue limited to tempo")
            let fatigue = FatigueAnalyzer.analyze(reps, context: context)
            sets.append(SetAnalysis(index: sets.count + 1, start: times.first ?? 0, end: reps.last?.end ?? 0,
                                    cadenceRpm: typical > 0 ? 60 / typical : nil, reps: reps, fatigue: fatigue))
        }
        let input = AnalysisInput(path: recording.source.path, format: recording.format, kind: "audio",
                                  durationS: trace.duration, quality: nil, orientationMethod: nil)
        return SessionAnalysis(softwareVersion: HipDriveVersion.string, input: input, exercise: settings.exercise,
                               load: settings.load, powerUnit: calibrated ? "W" : "none",
                               powerIsEstimate: calibrated, sets: sets, notes: notes)
    }
}
