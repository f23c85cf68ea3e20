import Foundation
import HipDriveRecordings

/// Spectral shapes of the trace's sounds, looked up by onset frame.
struct SoundSignatureIndex {
    let signatures: [SoundSignature]
    let tolerance: Int

    init(_ signatures: [SoundSignature], tolerance: Int) {
        self.signatures = signatures
        self.tolerance = tolerance
    }

    /// The mean-removed, unit-length dB profile of the sound whose onset is nearest `frame`
    /// (within the tolerance), or nil.
    func shape(near frame: Int) -> [Double]? {
        guard !signatures.isEmpty else { return nil }
        var lo = 0, hi = signatures.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if signatures[mid].frame < frame { lo = mid + 1 } else { hi = mid }
        }
        let nearest = [lo - 1, lo].filter { signatures.indices.contains($0) }
            .min { abs(signatures[$0].frame - frame) < abs(signatures[$1].frame - frame) }
        guard let k = nearest, abs(signatures[k].frame - frame) <= tolerance else { return nil }
        return Self.normalised(signatures[k].bandLevelsDB.map(Double.init))
    }

    static func normalised(_ values: [Double]) -> [Double]? {
        guard !values.isEmpty, values.allSatisfy(\.isFinite) else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        let centred = values.map { $0 - mean }
        let norm = centred.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? centred.map { $0 / norm } : nil
    }

    /// Band-wise median of unit profiles, normalised again.
    static func medianShape(_ shapes: [[Double]]) -> [Double]? {
        guard let count = shapes.first?.count else { return nil }
        let median = (0..<count).map { b in SignalMath.median(shapes.map { $0[b] }) ?? 0 }
        return normalised(median)
    }

    static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }
}

/// Reps from an audio recording's onset trace, with the cadence as a prior.
///
/// A swing is heard as an exhale near the float and the bell's whoosh as it passes the bottom
/// (twice per rep), on top of room noise and the odd clatter. The finder:
/// 1. estimates the rep period T from the autocorrelation of the onset trace (the sound of a rep
///    repeats every T; the shortest strong lag wins, see `CadenceEstimator`);
/// 2. picks onset peaks that stand out from the trace's noise floor (median + 4·MAD);
/// 3. groups them into sets (peaks more than 2.5·T apart start a new group, `splitAtRests`);
/// 4. in each group, chooses the chain of peaks that maximises total onset strength minus a
///    tempo penalty on each interval, λ·s̄·(log₂(Δ/T))² (dynamic programming, as in Ellis 2007's
///    beat tracker). One event class per period wins; clatter between reps would make two short
///    intervals and is left out; an isolated knock in a rest makes a chain of one and is dropped
///    (a set needs at least three reps);
/// 5. keeps only the sounds of the group that have the chain's timbre (the spectral shape of the
///    typical rep sound, from the reader's `SoundSignature`s) and chains again: the hike's
///    scrape and whoosh, the park's knock and clatter near the set have the rhythm's timing by
///    chance but not the rep sound's spectrum, so the set starts and ends at its first and last
///    rep sound; with the rest's sounds gone the group is cut at rests again (two sets can share
///    a group through a rest's knocks).
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
    /// Longest pause inside a set, in rep periods: standing with the bell for a few seconds
    /// (≈ 4 periods of sound-to-sound gap) is a pause; a rest between sets lasts tens of seconds
    /// (10 periods and more at 30 reps/min).
    static let maximumPausePeriods = 6.0

    struct Result {
        var period: Double?
        var sets: [[Double]]
    }

    /// Rep periods heard as a rhythm, seconds. Swings: 1.2–4 s (15–50 a minute; a swing's float
    /// and two passes take over a second even with a light bell, and real sets run 26–45 a
    /// minute). Without an exhale a swing is heard as the bell's two passes of the bottom, a
    /// sound every half period: with the general range (from 0.75 s) the rhythm locked on the
    /// half and every set was counted twice over (an independent audio generator, whooshes only,
    /// 26–40 reps a minute: 0 of 35 sets right; from 1.1 s 24, from 1.2 s 31: the rest, at 27–28 a
    /// minute, have their half period at 1.07–1.1 s). Hip pulls keep the general range (fast pulls).
    static func periodRange(for exercise: Exercise) -> ClosedRange<Double> {
        exercise == .swing ? 1.2...CadenceEstimator.periodRange.upperBound : CadenceEstimator.periodRange
    }

    static func findReps(_ trace: AudioTrace, exercise: Exercise = .swing) -> Result {
        let periods = periodRange(for: exercise)
        let rate = trace.traceRate
        let onset = SignalMath.movingAverage(trace.onsetStrength, window: max(1, Int((0.05 * rate).rounded())))
        // The period from a trace smoothed over 0.2 s: rep timing wanders by a few percent of
        // ~2 s (±0.1 s) from rep to rep, so narrow 50 ms bumps rarely line up at lag T and the
        // autocorrelation peak at T splits and sinks below the one at 2T; 0.2 s wide bumps
        // overlap for every pair of successive reps.
        let rhythm = SignalMath.movingAverage(onset, window: max(1, Int((0.2 * rate).rounded())))
        guard let estimate = CadenceEstimator.estimate([rhythm], sampleRate: rate, range: periods) else {
            return Result(period: nil, sets: [])
        }
        let period = estimate.periodS
        if Self.debug { print("audio: period \(String(format: "%.3f", period)) s") }
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
        let groups = Self.splitAtRests(peaks, rate: rate, period: period)
        // A smoothed peak lies near its sound's sharpest onset, where the signature was taken
        // (`signatureReachS`).
        let signatures = SoundSignatureIndex(trace.soundSignatures, tolerance: max(1, Int((Self.signatureReachS * rate).rounded())))
        var chains = groups.map { bestChain($0, strength: onset, rate: rate, period: period) }
        // A rep's sound recurs with the same timbre (the same breath, the same bell passing)
        // through the whole recording; the park's knock, a dropped plate or the hike's scrape is
        // another sound. The rep sound's typical spectral shape is the median shape of every
        // set's chain; each group keeps only the sounds with that shape and is chained again.
        let pooled = chains.filter { $0.count >= minimumRepsPerSet }.flatMap { $0.compactMap { signatures.shape(near: $0) } }
        var timbreChecked = false
        if pooled.count >= minimumRepsPerSet, let template = SoundSignatureIndex.medianShape(pooled) {
            let cutoff = Self.sameSoundCutoff(pooled.map { SoundSignatureIndex.cosine($0, template) })
            timbreChecked = true
            chains = groups.flatMap { group -> [[Int]] in
                let similarity = group.map { signatures.shape(near: $0).map { SoundSignatureIndex.cosine($0, template) } }
                if Self.debug {
                    let list = zip(group, similarity).map { String(format: "%.2f:%.2f", Double($0.0) / rate, $0.1 ?? -9) }
                    print("audio: group \(String(format: "%.1f", Double(group[0]) / rate)) s cutoff \(String(format: "%.3f", cutoff)) sims \(list.joined(separator: " "))")
                }
                // A peak with no sound of its own nearby is the shoulder of a louder sound
                // within 0.15 s, not a sound of its own.
                let kept = zip(group, similarity).filter { ($0.1 ?? -1) >= cutoff }.map(\.0)
                let soundPeriod = sameSoundPeriod(kept, rate: rate, period: period, shortest: periods.lowerBound)
                if Self.debug, soundPeriod != period { print("audio: rep sound recurs every half period: \(period / 2) s") }
                // The recording's period is an estimate over all its sound; the group's own rep
                // sounds measure their set's (`periodOfRepSounds`).
                let groupPeriod = periodOfRepSounds(kept, rate: rate, period: soundPeriod)
                if Self.debug, groupPeriod != soundPeriod { print("audio: group period \(String(format: "%.3f", groupPeriod)) s") }
                let admitted = admittingSoundsInRhythm(kept, group: group, similarity: similarity, cutoff: cutoff,
                                                       rate: rate, period: groupPeriod)
                // The group was cut at rests before the sounds' timbre was known, and a rest's
                // own sounds (knocks, steps, the bell set down and picked up, a breath) can
                // bridge it: two sets 24 s apart with 11 such sounds between them made one group,
                // whose chain kept one set and dropped the other (an independent audio
                // generator, seed 924: 19, 15 and 14 reps heard as 19 and 15). With only the rep
                // sounds left, the rests show again; each piece is chained on its own.
                return Self.splitAtRests(admitted, rate: rate, period: groupPeriod).map {
                    bestChain($0, strength: onset, rate: rate, period: groupPeriod)
                }
            }
        }
        var sets: [[Int]] = chains.filter { $0.count >= minimumRepsPerSet }
        if timbreChecked {
            // A pause inside a set (the athlete stands with the bell for a few seconds, then
            // swings on) leaves one or two rep sounds apart from the rest. With the rep sound's
            // timbre confirmed, they belong to the set they are within a pause of; a rest
            // between sets (the bell parked, breath recovered) lasts tens of seconds.
            let pauseLimit = Int((maximumPausePeriods * period * rate).rounded())
            for fragment in chains where (1..<minimumRepsPerSet).contains(fragment.count) {
                guard let first = fragment.first, let last = fragment.last else { continue }
                let distances = sets.indices.map { k -> Int in
                    guard let start = sets[k].first, let end = sets[k].last else { return .max }
                    return last < start ? start - last : (first > end ? first - end : 0)
                }
                if let k = distances.indices.min(by: { distances[$0] < distances[$1] }), distances[k] <= pauseLimit {
                    sets[k] = (sets[k] + fragment).sorted()
                }
            }
        }
        let times = sets.sorted { ($0.first ?? 0) < ($1.first ?? 0) }.map { $0.map { Double($0) / rate } }
        return Result(period: period, sets: times)
    }

    /// How far from an onset peak (of the trace smoothed over 50 ms) its sound's signature may
    /// lie, s (0.1). The reader takes a sound's signature at the sharpest rise of the raw onset
    /// trace, one per 0.15 s; a breath's rise is spread over 0.1–0.2 s, and its smoothed peak can
    /// sit more than the 50 ms smoothing from that frame, where the peak found no signature and
    /// was taken for a shoulder of another sound: a set's first or last exhale was lost (an
    /// independent audio generator, seeds 908, 919 and 926: 15 → 14, 10 → 8, 13 → 12; with 0.05 s, 156
    /// of 167 sets exact on seeds 1–24 and 901–950, with 0.08–0.15 s 159; held out, seeds
    /// 951–980: 51 of 53 either way; HipDrive's own validation audio, seeds 1–5, unchanged).
    /// Within 0.1 s the nearest signature is still the peak's own sound: the reader keeps at
    /// most one per 0.15 s.
    static let signatureReachS = 0.1

    /// `sounds` (ascending onset-trace indices) cut wherever two follow each other more than
    /// `restPeriods` rep periods apart: a set's sounds come once or twice a period, a rest between
    /// sets lasts tens of seconds.
    static func splitAtRests(_ sounds: [Int], rate: Double, period: Double) -> [[Int]] {
        var pieces: [[Int]] = []
        for sound in sounds {
            if let last = pieces.last?.last, Double(sound - last) / rate <= restPeriods * period {
                pieces[pieces.count - 1].append(sound)
            } else {
                pieces.append([sound])
            }
        }
        return pieces
    }

    /// Longest silence inside a set, in rep periods, before the sounds after it start a new group
    /// (a missed rep sound or two, the hike's and park's gaps).
    static let restPeriods = 2.5

    /// Developer tracing (HIPDRIVE_DEBUG_AUDIO=1): per group of sounds, the similarity cutoff and
    /// each sound's similarity to the rep sound.
    static let debug = ProcessInfo.processInfo.environment["HIPDRIVE_DEBUG_AUDIO"] != nil

    /// `kept` (the group's sounds with the rep sound's timbre, onset-trace indices) with the
    /// group's sounds between the first and last kept one that are a little less alike
    /// (similarity from `inRhythmSoundCutoff` up to `cutoff`) but come one period
    /// (± `inRhythmTolerance` of it) after or before a kept sound.
    ///
    /// Why: a tired rep's exhale is quieter, and in the room's noise its spectral profile drifts
    /// from the typical one: on an independent audio generator (exhales 300–4000 Hz whose level
    /// falls 40 % over a set, whooshes at the bottom passes, room noise), one such exhale at 0.89
    /// against the cutoff of 0.9 left a two-period hole that the chain's tempo penalty would not
    /// bridge, and the set ended there: 8 of 11 reps. A knock or a scrape correlates with a
    /// breath's profile well below 0.75, and has to fall in the rhythm as well.
    static func admittingSoundsInRhythm(_ kept: [Int], group: [Int], similarity: [Double?], cutoff: Double,
                                        rate: Double, period: Double) -> [Int] {
        let lenient = min(cutoff, inRhythmSoundCutoff)
        let tolerance = inRhythmTolerance * period * rate, beat = period * rate
        let keptSet = Set(kept)
        guard let first = kept.first, let last = kept.last else { return kept }
        let extra = zip(group, similarity).filter { sound, alike in
            // Inside the kept sounds only: at a set's edges the hike's whoosh and the park's
            // scrape fall a period from the first and last rep (HipDrive's validation heard 12–23
            // such "reps" outside its sets with the edges open, 1–2 with a 0.86–0.88 bar there).
            guard let alike, alike >= lenient, alike < cutoff, !keptSet.contains(sound),
                  sound > first, sound < last else { return false }
            return kept.contains { abs(abs(Double(sound - $0)) - beat) <= tolerance }
        }.map(\.0)
        if debug, !extra.isEmpty { print("audio: sounds admitted by rhythm: \(extra.map { String(format: "%.2f", Double($0) / rate) })") }
        return fillingHoles((kept + extra).sorted(), group: group, rate: rate, period: period)
    }

    /// `sounds` (a set's rep sounds, ascending) with the holes inside the set filled: where two
    /// rep sounds lie a period and a half or more apart (a rep's sound was not recognised), a
    /// sound of the group one period (± `inRhythmTolerance`) after the sound before the hole is
    /// that rep's, whatever its timbre; again from it, until the hole closes or no sound keeps
    /// the beat.
    ///
    /// Why: a rep's sound can change its timbre within a set, or be masked, and inside a set
    /// the rhythm is the stronger evidence. A voiced grunt among unvoiced exhales correlates
    /// with the set's typical profile at 0.45–0.7, and a knock landing on an exhale takes the
    /// sound's signature (its sharpest rise) for itself (−0.3–0.2); two such reps in a row left
    /// a hole of three periods that the chain does not bridge, and the set was cut in two (an
    /// audio generator with voiced grunts for a fifth of the exhales, or a knock in one rep of
    /// seven: 2 and 3 of 6 sessions right). A knock elsewhere in the set does not keep the beat
    /// where a rep's own sound already does, so only holes are filled; the set's edges are not
    /// (the hike's and the park's sounds fall a period from its first and last rep).
    static func fillingHoles(_ sounds: [Int], group: [Int], rate: Double, period: Double) -> [Int] {
        let beat = period * rate, tolerance = inRhythmTolerance * period * rate
        var filled: [Int] = []
        for (from, to) in zip(sounds, sounds.dropFirst()) {
            filled.append(from)
            var cursor = from
            while Double(to - cursor) >= 1.5 * beat {
                let target = Double(cursor) + beat
                guard let next = group.filter({ $0 > cursor && $0 < to && abs(Double($0) - target) <= tolerance })
                    .min(by: { abs(Double($0) - target) < abs(Double($1) - target) }) else { break }
                filled.append(next)
                cursor = next
            }
        }
        if let last = sounds.last { filled.append(last) }
        if debug, filled.count > sounds.count {
            print("audio: holes filled by the beat: \(Set(filled).subtracting(sounds).sorted().map { String(format: "%.2f", Double($0) / rate) })")
        }
        return filled
    }

    /// Least similarity to the rep sound for a sound that keeps the rhythm (see
    /// `admittingSoundsInRhythm`).
    static let inRhythmSoundCutoff = 0.75
    /// How far from one period after or before a rep sound a sound may lie to keep the rhythm,
    /// as a share of the period.
    static let inRhythmTolerance = 0.15

    /// Lowest similarity to the set's typical rep sound that still counts as the same sound.
    ///
    /// Two renditions of one sound (independent noise, a slightly different breath) keep their
    /// spectral envelope within a few dB in every band: their mean-removed dB profiles correlate
    /// at 0.95 or more, where a different source (a knock's partials against a breath's broad
    /// hiss) correlates well below 0.9. The cutoff is 0.9, lowered to the chain's own spread
    /// (median − 4 robust standard deviations) when a recording's rep sounds vary more than that.
    static func sameSoundCutoff(_ similarities: [Double]) -> Double {
        guard let median = SignalMath.median(similarities),
              let mad = SignalMath.median(similarities.map { abs($0 - median) }) else { return -1 }
        return min(0.9, max(lowestSameSoundCutoff, median - 4 * 1.4826 * mad))
    }

    /// The cutoff is not lowered below this, however much the chain's sounds vary: a chain that
    /// took in other sounds (a voiced grunt for some of the exhales, a knock landing on one)
    /// spreads its similarities so far that median − 4 robust deviations fell to −0.4 and −1.9,
    /// every sound of the recording passed, and the syllables of talk in a rest (0.25 s apart)
    /// made sets of their own while two sets joined through another rest (an audio generator
    /// with grunts, knocks in sets and talk in rests: 14 / 9 / 11 heard as 14, 3, 10, 3, 12, 3).
    /// Rep sounds of one kind correlate at 0.85 and more (HipDrive's simulator and the
    /// independent generator: cutoffs 0.85–0.9), a knock or speech with a breath at 0.2 or less,
    /// a breath with the bell's whoosh at 0.6–0.7; a rep whose sound falls under the cutoff
    /// inside a set is still taken by the beat (`fillingHoles`).
    static let lowestSameSoundCutoff = 0.75

    /// The rep period for one group once its rep sounds are known: `period`, or half of it when
    /// the sounds of the rep's own timbre recur steadily at half the period.
    ///
    /// The autocorrelation estimate can land on twice the period when the tempo drifts through a
    /// set (a breakdown slowing the reps from 1.6 to 1.9 s smears the peak at T while the one at
    /// 2T, which pairs every other rep, stays whole: validate seed 4, two wrist sessions heard
    /// 6 of 11 and 9 of 17 reps). The chain then takes every other rep sound. A rep's sound (the
    /// exhale at the float) comes once per rep with the same timbre, so if the sounds that have
    /// that timbre follow each other at about half the period, interval after interval, the
    /// rhythm is that half. "Steadily": at least half of the intervals inside sets (up to
    /// `restPeriods` periods) in the chain's own window for one period (0.65–1.4 of it), and
    /// the half still a rep's period (at least `shortest`, the exercise's `periodRange` lower
    /// bound). With the right period the same sounds are a whole period apart, outside that
    /// window, so nothing changes. (Two thirds of
    /// every interval, as until 0.4.13, missed the half where a fifth of the rep sounds had
    /// another timbre, a grunt, and left holes of a whole period, and a rest's interval counted
    /// against it: 12 of 19 intervals steady, two sets of 14 heard as 7 and 5; a harder
    /// independent generator, `independent_audio_hard.py` seed 6.)
    static func sameSoundPeriod(_ sounds: [Int], rate: Double, period: Double,
                                shortest: Double = CadenceEstimator.periodRange.lowerBound) -> Double {
        let half = period / 2
        guard sounds.count >= 2 * minimumRepsPerSet, half >= shortest else { return period }
        // Intervals inside sets only: a group can span a rest (its own sounds bridge it until
        // the timbre is known), and the rest's interval says nothing about the rhythm.
        let intervals = intervalsInsideSets(sounds, rate: rate, period: period)
        let steady = intervals.filter { $0 >= 0.65 * half && $0 <= 1.4 * half }.count
        return 2 * steady >= intervals.count ? half : period
    }

    /// Seconds between consecutive `sounds` (onset-trace indices), leaving out the gaps longer
    /// than `restPeriods` periods: a rest says nothing about the rhythm.
    static func intervalsInsideSets(_ sounds: [Int], rate: Double, period: Double) -> [Double] {
        zip(sounds, sounds.dropFirst()).map { Double($1 - $0) / rate }.filter { $0 <= restPeriods * period }
    }

    /// The rep period of one group: the median interval between its consecutive rep sounds
    /// (`sounds`: those with the rep's timbre) that lie within 0.75–1.4 of `period`, when at least
    /// `minimumRepsPerSet` intervals do and they are at least half of the group's intervals
    /// inside sets (up to `restPeriods` periods); `period` otherwise.
    ///
    /// Why: `period` comes from the autocorrelation of the whole recording's onset trace, which
    /// other sounds (a fan, grunts, knocks, talk) and a set's slowing pull off the reps' own
    /// rhythm: 1.84 s against rep sounds 2.0–2.3 s apart (a harder independent audio generator,
    /// `independent_audio_hard.py` seed 19). Measured in periods that short, a set's one missed
    /// rep sound left a gap over `restPeriods` and cut the set in two, and sounds of a slower
    /// rhythm fell outside `inRhythmTolerance` of the beat (13 and 12 reps heard as 7, 4, 7, 3).
    /// Once the group's rep sounds are known by their timbre, their own spacing is the set's
    /// period. The 0.75 floor keeps the half period out: sounds twice a rep (the bell's two
    /// whooshes, 0.45–0.65 of a period apart) are then most of the intervals and leave `period`
    /// as it is (`sameSoundPeriod` decides the half).
    static func periodOfRepSounds(_ sounds: [Int], rate: Double, period: Double) -> Double {
        let inside = intervalsInsideSets(sounds, rate: rate, period: period)
        let oneRep = inside.filter { $0 >= 0.75 * period && $0 <= 1.4 * period }
        guard oneRep.count >= minimumRepsPerSet, 2 * oneRep.count >= inside.count,
              let median = SignalMath.median(oneRep) else { return period }
        return median
    }

    /// Dynamic programming over the peaks of one group (see the type's documentation). Returns
    /// the frames of the reps in order.
    ///
    /// A rep whose sound was not heard (too quiet, masked, or not the rep sound) leaves a gap of
    /// two periods between two rep sounds; the chain may bridge it at the cost of one typical
    /// rep's strength (so a heard sound at the beat always wins), and the rep in the gap is
    /// counted at the gap's middle: an athlete in rhythm on both sides of a two-period gap did
    /// not stop for exactly one rep's time. Longer gaps end the chain (a pause or a new set).
    static func bestChain(_ peaks: [Int], strength: [Double], rate: Double, period: Double) -> [Int] {
        guard !peaks.isEmpty else { return [] }
        let typical = SignalMath.median(peaks.map { strength[$0] }) ?? 1
        var score = [Double](repeating: 0, count: peaks.count)
        var previous = [Int?](repeating: nil, count: peaks.count)
        var bridged = [Bool](repeating: false, count: peaks.count)
        for (j, peak) in peaks.enumerated() {
            score[j] = strength[peak]
            for i in stride(from: j - 1, through: 0, by: -1) {
                let interval = Double(peak - peaks[i]) / rate
                // Within a set the rhythm drifts slowly (fatigue slows it by 10–20 %); an interval
                // outside 0.65–1.4 periods is a knock or a pause, not the next rep, and one of
                // 1.65–2.5 periods is the next rep but one.
                if interval > restPeriods * period { break }
                let skips = interval >= 1.65 * period
                if !skips && (interval < 0.65 * period || interval > 1.4 * period) { continue }
                let ratio = log2(interval / (skips ? 2 * period : period))
                let candidate = score[i] + strength[peak] - tempoPenaltyWeight * typical * ratio * ratio
                    - (skips ? typical : 0)
                if candidate > score[j] {
                    score[j] = candidate
                    previous[j] = i
                    bridged[j] = skips
                }
            }
        }
        guard var k = score.indices.max(by: { score[$0] < score[$1] }) else { return [] }
        // Backtrack, keeping each link's kind; a bridge needs the rhythm on both sides, so a
        // lone sound two periods before the first rep or after the last is dropped with it.
        var links: [(peak: Int, bridgedFromPrevious: Bool)] = [(peaks[k], bridged[k])]
        while let p = previous[k] {
            links.append((peaks[p], bridged[p]))
            k = p
        }
        links.reverse()
        if links.count > 1, links[1].bridgedFromPrevious { links.removeFirst() }
        if links.count > 1, links[links.count - 1].bridgedFromPrevious { links.removeLast() }
        var chain: [Int] = []
        for (index, link) in links.enumerated() {
            if index > 0, link.bridgedFromPrevious { chain.append((chain[chain.count - 1] + link.peak) / 2) }
            chain.append(link.peak)
        }
        return chain
    }

    static func analyze(_ trace: AudioTrace, recording: Recording, settings: AnalysisSettings) -> SessionAnalysis {
        let result = findReps(trace, exercise: settings.exercise)
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
