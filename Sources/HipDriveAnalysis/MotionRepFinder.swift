import Foundation
import HipDriveRecordings

/// One rep found in a motion trace, with its zero-velocity-updated kinematics.
///
/// The rep lives on a local grid of sample positions (fractional indices into the trace): the
/// first point is the turnaround (between samples), then every sample, then the end. Sub-sample
/// turnarounds matter: the bell reverses at 10–20 m/s², so a turnaround placed half a sample
/// (5 ms) off starts the integral 0.05–0.1 m/s wrong, which over a drive becomes 5 cm of height
/// and 10 % of the work.
struct MotionRep {
    /// Fractional sample positions of the grid points (absolute indices into the trace).
    var positions: [Double]
    /// Grid index of the apex (the slowest instant of the drive).
    var apexOffset: Int
    /// Apex position refined between samples (parabola through |v|² around the minimum).
    var apexPosition: Double
    /// World-frame velocity on the grid, m/s, with x along the swing.
    var forwardVelocity: [Double]
    var lateralVelocity: [Double]
    var verticalVelocity: [Double]
    /// Drift-corrected world-frame linear acceleration on the grid, m/s².
    var forwardAcceleration: [Double]
    var lateralAcceleration: [Double]
    var verticalAcceleration: [Double]
    /// Height and forward position relative to the turnaround, m.
    var height: [Double]
    var forwardPosition: [Double]
    /// The rep period in the cadence estimate of its run, s.
    var runPeriodS: Double
    /// Arm rotation from the turnaround to the apex, rad, when a gyroscope measured it.
    var swingAngle: Double? = nil
    /// The rep ends at the next turnaround (not at rest after the park): its position closes.
    var closesLoop = false

    var turnaroundPosition: Double { positions[0] }
    var endPosition: Double { positions[positions.count - 1] }
    var turnaroundIndex: Int { Int(positions[0].rounded()) }
    var endIndex: Int { Int(endPosition.rounded()) }

    var speed: [Double] {
        SignalMath.norm(forwardVelocity, lateralVelocity, verticalVelocity)
    }
    /// Vertical rise from turnaround to apex, m.
    var rise: Double { height[apexOffset] }
    /// Height of the apex above the lowest point of the drive (the bottom of the arc), m.
    var floatHeight: Double { height[apexOffset] - (height[0...apexOffset].min() ?? 0) }
    /// Forward travel from turnaround to apex, m.
    var forwardTravel: Double { forwardPosition[apexOffset] }
}

/// A stretch of the trace the rep finder analysed: the active run and its cadence.
struct MotionRun {
    var range: Range<Int>
    var cadence: CadenceEstimator.Estimate?
    var reps: [MotionRep]
    /// True when the run ends at a gap in the data rather than at rest (reps may be missing).
    var startsAtGap: Bool
    var endsAtGap: Bool
    /// Sample position of the last turnaround that ends a measured return (an apex stop before
    /// it), when the run starts at a gap: evidence that the set went on through the gap even
    /// when no complete rep fits in the piece.
    var closingTurnaround: Int? = nil
}

/// Finds reps in a world-frame motion trace: cadence from the autocorrelation, turnarounds from
/// the drift-free forward velocity, then each rep integrated with zero-velocity updates.
///
/// Velocity and drift. Within a rep the analysis integrates world-frame linear acceleration
/// from the turnaround, where the bell (or the hips) is at rest, so v(turnaround) = 0 exactly.
/// At the next turnaround the integral should be 0 again; whatever it reads there is drift
/// (accelerometer bias, gravity leaking through orientation error). It is spread linearly over
/// the rep, that is, it is treated as a constant acceleration bias over the rep and subtracted
/// from the acceleration too, so that power and energy stay consistent (∫P dt = ΔE). The rest
/// before the hike and after the park are zero-velocity points too: a rep that ends at rest
/// uses the rest as its end constraint. The apex is nearly at rest but not exactly (a Russian
/// float still moves), so it is not forced to zero; it only locates the apex (the slowest
/// instant of the drive).
struct MotionRepFinder {
    var exercise: Exercise
    var trace: MotionTrace
    /// wrist → bell: a wrist sensor's lever to the bell, one per set it was measured on
    /// (WristToBell.swift); empty for a sensor on the bell or the hips.
    var wristLevers: [WristLever] = []
    /// wrist → bell: the bell's mass for its geometry (nil: 16 kg assumed).
    var wristMassKg: Double? = nil

    /// Reps must float (swing: apex above the bottom of the arc) or travel forward (hip pull) at
    /// least this fraction of the run's median cycle; the hike and the park do not float at all.
    /// A quarter leaves room for heavy fatigue (a float at 45° instead of 90° is 30 % as high).
    static let minimumRelativeExcursion = 0.25
    /// And at least this much in absolute terms, m: a swing floats the bell 0.4–1.5 m above the
    /// bottom of its arc, a hip pull moves the hips 0.15–0.5 m.
    static let minimumSwingRiseM = 0.15
    /// A run is rhythmic when its autocorrelation at the rep period reaches this. A hike and a
    /// park alone (one back-and-forth) stay below it; three or more reps reach 0.5 and more.
    static let minimumRhythm = 0.35
    /// Developer tracing (HIPDRIVE_DEBUG_REPS=1): runs, stops and candidate cycles on stdout.
    static let debug = ProcessInfo.processInfo.environment["HIPDRIVE_DEBUG_REPS"] != nil
    static let minimumHipTravelM = 0.05

    func findRuns() -> [MotionRun] {
        var pieces: [(range: Range<Int>, segment: Range<Int>)] = []
        for segment in trace.segments {
            for range in ActivityDetector.activeRuns(in: trace, segment: segment) {
                pieces.append((range, segment))
            }
        }
        let minimumSegment = Int(2 * trace.sampleRate)
        var runs = pieces.map { piece in
            piece.segment.count >= minimumSegment
                ? analyzeRun(piece.range, segment: piece.segment)
                : MotionRun(range: piece.range, cadence: nil, reps: [], startsAtGap: true, endsAtGap: true)
        }
        // A data gap cuts a set into pieces, and a piece of a few seconds is too short for its
        // own autocorrelation to show the rhythm (one or two cycles). The athlete kept swinging
        // through the gap, so such a piece takes the cadence and typical excursion of the
        // rhythmic piece across the gap (the one before it when both sides have one).
        // Only with a gyroscope on a swing: its stops (zero crossings of the arm's rate) are
        // exact in a piece of one or two cycles, while the speed minima used otherwise come from
        // a velocity detrended over a period, which is biased in so short a piece.
        let maximumGapS = 2.0
        let canInherit = exercise == .swing && trace.angularVelocity != nil
        for k in runs.indices where canInherit && runs[k].reps.isEmpty {
            let neighbours = [k - 1, k + 1].filter { runs.indices.contains($0) }.filter { j in
                guard pieces[j].segment != pieces[k].segment, let cadence = runs[j].cadence,
                      cadence.strength > Self.minimumRhythm, !runs[j].reps.isEmpty else { return false }
                let between = j < k ? pieces[k].range.lowerBound - pieces[j].range.upperBound
                    : pieces[j].range.lowerBound - pieces[k].range.upperBound
                return Double(between) / trace.sampleRate < maximumGapS + 2 * cadence.periodS
            }
            guard let j = neighbours.first, let cadence = runs[j].cadence,
                  pieces[k].range.count >= Int(cadence.periodS * trace.sampleRate) else { continue }
            let typical = SignalMath.median(runs[j].reps.map { exercise == .swing ? ($0.swingAngle ?? $0.floatHeight) : $0.forwardTravel })
            let inherited = analyzeRun(pieces[k].range, segment: pieces[k].segment, inheritedCadence: cadence,
                                       typicalExcursion: typical)
            if Self.debug { print("piece across a gap", pieces[k].range, "inherits period", cadence.periodS, "reps", inherited.reps.count) }
            runs[k] = inherited
        }
        return runs
    }

    /// Unit vector (cos φ, sin φ) of the principal horizontal axis of the acceleration in `range`.
    func principalHorizontalAxis(_ range: Range<Int>) -> (Double, Double) {
        let a = trace.linearAcceleration
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        let mx = SignalMath.mean(a.x[range]), my = SignalMath.mean(a.y[range])
        for i in range {
            let dx = a.x[i] - mx, dy = a.y[i] - my
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        let phi = 0.5 * atan2(2 * sxy, sxx - syy)
        return (cos(phi), sin(phi))
    }

    /// Analyses one active run. `inheritedCadence` (with the `typicalExcursion` of its reps)
    /// comes from a rhythmic run across a data gap, for a piece too short to show its own rhythm.
    func analyzeRun(_ run: Range<Int>, segment: Range<Int>, inheritedCadence: CadenceEstimator.Estimate? = nil,
                    typicalExcursion: Double? = nil) -> MotionRun {
        let fs = trace.sampleRate
        let dt = 1 / fs
        let a = trace.linearAcceleration
        let (ux, uy) = principalHorizontalAxis(run)
        // One second of rest each side (when measured) gives the integrals a quiet start and end.
        let margin = Int(fs)
        let lo = max(segment.lowerBound, run.lowerBound - margin)
        let hi = min(segment.upperBound, run.upperBound + margin)
        let span = lo..<hi
        var forward = span.map { ux * a.x[$0] + uy * a.y[$0] }
        var lateral = span.map { -uy * a.x[$0] + ux * a.y[$0] }
        let vertical = span.map { a.z[$0] }

        var cadenceChannels = [Array(forward[(run.lowerBound - lo)..<(run.upperBound - lo)])]
        if let gyro = trace.angularVelocity {
            // The arm's rotation rate has one cycle per rep; use the gyro axis that moves most.
            let axes = [gyro.x, gyro.y, gyro.z]
            let energies = axes.map { axis in run.reduce(0.0) { $0 + axis[$1] * axis[$1] } }
            if let best = energies.indices.max(by: { energies[$0] < energies[$1] }) {
                cadenceChannels.append(Array(axes[best][run]))
            }
        }
        let cadence = inheritedCadence ?? CadenceEstimator.estimate(cadenceChannels, sampleRate: fs)
        let startsAtGap = run.lowerBound - segment.lowerBound < margin / 2
        let endsAtGap = segment.upperBound - run.upperBound < margin / 2
        guard let cadence, cadence.strength > Self.minimumRhythm else {
            return MotionRun(range: run, cadence: cadence, reps: [], startsAtGap: startsAtGap,
                             endsAtGap: endsAtGap)
        }
        let period = cadence.periodS
        let window = max(3, Int((period * fs).rounded()))

        // Coarse, drift-free velocity: the moving average over one period of a periodic signal is
        // its mean, so subtracting it removes the integration constant and slow drift without
        // shifting the zero crossings the way a causal high-pass would.
        var forwardVelocity = SignalMath.removingMovingAverage(
            SignalMath.cumulativeIntegral(forward, dt: dt), window: window)
        let verticalVelocity = SignalMath.removingMovingAverage(
            SignalMath.cumulativeIntegral(vertical, dt: dt), window: window)
        let lateralVelocity = SignalMath.removingMovingAverage(
            SignalMath.cumulativeIntegral(lateral, dt: dt), window: window)
        let height = SignalMath.removingMovingAverage(
            SignalMath.cumulativeIntegral(verticalVelocity, dt: dt), window: window)
        var forwardPositionCoarse = SignalMath.removingMovingAverage(
            SignalMath.cumulativeIntegral(forwardVelocity, dt: dt), window: window)
        let activeLocal = (run.lowerBound - lo)..<(run.upperBound - lo)

        // The bell (hips) stops twice per rep, at the turnaround and at the apex, whatever the
        // style: in an American swing the forward velocity also reverses when the bell passes
        // shoulder height on its way overhead, but the speed along the arc does not vanish there.
        // So the phase comes from the deep minima of the speed, not from sign changes of one axis.
        let coarseSpeed = SignalMath.norm(forwardVelocity, lateralVelocity, verticalVelocity)
        // With a gyroscope the arm's (pelvis's) rotation rate about its main axis changes sign
        // exactly when the bell (hips) stops, independent of any orientation error; without one,
        // the stops are the deep minima of the coarse speed.
        // (The pelvis of a hip pull turns little and not in step with the stops: hip pulls use
        // the speed.)
        let armRate = exercise == .swing ? principalRate(span: span, active: activeLocal) : nil
        let stops = armRate.map { gyroStops(rate: $0, active: activeLocal, period: period) }
            ?? deepMinima(coarseSpeed, in: activeLocal, period: period)
        guard stops.count >= 3 else {
            return MotionRun(range: run, cadence: cadence, reps: [], startsAtGap: startsAtGap, endsAtGap: endsAtGap)
        }
        // Which stops are turnarounds: swing, the lower ones (the float is above the turnaround);
        // hip pull, the ones that start the faster half-cycle (the drive is explosive, the return
        // controlled). Then forward is the direction from the turnaround to the apex.
        var isTurnaround: [Bool]
        switch exercise {
        case .swing:
            if let armRate {
                // With a gyroscope every turnaround reverses the arm the same way (backward to
                // forward) and every apex the other way: group the stops by that direction and
                // call turnarounds the group that sits lower (a majority vote, robust to the
                // odd badly integrated height).
                // Direction of each reversal from the mean rate a tenth of a period either side;
                // the stops alternate, so the parity that agrees with most of them decides.
                let w = max(1, Int(0.1 * period * fs))
                let measured = stops.map { k -> Bool in
                    let after = armRate[min(armRate.count - 1, k + 1)...min(armRate.count - 1, k + w)]
                    let before = armRate[max(0, k - w)...max(0, k - 1)]
                    return SignalMath.mean(after) > SignalMath.mean(before)
                }
                let agree = measured.enumerated().filter { $0.element == ($0.offset % 2 == 0) }.count
                let evenRising = agree * 2 >= measured.count
                let rising = stops.indices.map { ($0 % 2 == 0) == evenRising }
                let risingHeight = SignalMath.median(zip(stops, rising).filter { $0.1 }.map { height[$0.0] }) ?? 0
                let fallingHeight = SignalMath.median(zip(stops, rising).filter { !$0.1 }.map { height[$0.0] }) ?? 0
                isTurnaround = rising.map { $0 == (risingHeight < fallingHeight) }
            } else {
                let level = SignalMath.mean(stops.map { height[$0] })
                isTurnaround = stops.map { height[$0] < level }
            }
        case .hipPull:
            let level = SignalMath.mean(stops.map { forwardPositionCoarse[$0] })
            let back = stops.map { forwardPositionCoarse[$0] < level }
            var fromBack: [Double] = [], fromFront: [Double] = []
            for (k, stop) in stops.enumerated().dropLast() {
                let peak = coarseSpeed[stop..<stops[k + 1]].max() ?? 0
                if back[k] { fromBack.append(peak) } else { fromFront.append(peak) }
            }
            let backIsTurnaround = SignalMath.mean(fromBack) >= SignalMath.mean(fromFront)
            isTurnaround = back.map { $0 == backIsTurnaround }
        }
        let turnaroundX = SignalMath.mean(zip(stops, isTurnaround).filter { $0.1 }.map { forwardPositionCoarse[$0.0] })
        let apexX = SignalMath.mean(zip(stops, isTurnaround).filter { !$0.1 }.map { forwardPositionCoarse[$0.0] })
        var horizontal = HorizontalAxes(forwardX: ux, forwardY: uy)
        if apexX < turnaroundX {
            horizontal = HorizontalAxes(forwardX: -ux, forwardY: -uy)
            forward = forward.map { -$0 }
            lateral = lateral.map { -$0 }
            forwardVelocity = forwardVelocity.map { -$0 }
            forwardPositionCoarse = forwardPositionCoarse.map { -$0 }
        }
        let turnarounds = zip(stops, isTurnaround).filter { $0.1 }.map(\.0)
        if Self.debug {
            print("run", Double(run.lowerBound) / fs, Double(run.upperBound) / fs, "period", period, "strength", cadence.strength,
                  "stops", stops.map { Double($0 + lo) / fs }, "turnaround", isTurnaround)
        }
        let apexes = zip(stops, isTurnaround).filter { !$0.1 }.map(\.0)

        var candidates: [MotionRep] = []
        let maxCycle = Int(2.5 * period * fs)
        // Near the ends of a run the moving average mixes rest with motion, so the coarse
        // velocity is biased there; the rest itself is a better anchor. The first turnaround
        // (after the hike) is located with the velocity integrated forward from the rest before
        // it, the last one (before the park) with the velocity integrated backward from the rest
        // after it: exact up to the drift of a second or two.
        let accelerations = [forward, lateral, vertical]
        let detrended = [forwardVelocity, lateralVelocity, verticalVelocity]
        let fromRestBefore = accelerations.map { SignalMath.cumulativeIntegral($0, dt: dt) }
        let toRestAfter = fromRestBefore.map { v in v.map { $0 - (v.last ?? 0) } }
        let edge = Int(1.2 * period * fs)
        func velocities(near index: Int) -> [[Double]] {
            if !startsAtGap, index - activeLocal.lowerBound < edge { return fromRestBefore }
            if !endsAtGap, activeLocal.upperBound - index < edge { return toRestAfter }
            return detrended
        }
        /// How far the bell (hips) travelled backward into the turnaround at `index` over the
        /// preceding `window` samples, m.
        func arrivalTravel(_ index: Int, window: Int) -> Double {
            let forwardVelocity = velocities(near: index)[0]
            var travel = 0.0, farthest = 0.0
            var k = index
            while k > max(0, index - window) {
                travel -= 0.5 * (forwardVelocity[k] + forwardVelocity[k - 1]) * dt
                farthest = max(farthest, travel)
                k -= 1
            }
            return farthest
        }
        func stop(_ index: Int) -> Double {
            let velocities = velocities(near: index)
            return refinedStop(at: index, velocities: velocities, accelerations: accelerations,
                               searchRadius: max(2, Int(0.1 * period * fs)))
        }
        for (k, start) in turnarounds.enumerated() {
            let end: Int
            var endsAtRest = false
            if k + 1 < turnarounds.count {
                end = turnarounds[k + 1]
            } else if !endsAtGap {
                // After the last turnaround: the rep (or the park) ends when the motion stops.
                end = min(span.count - 1, activeLocal.upperBound + margin / 2)
                endsAtRest = true
            } else {
                continue
            }
            guard end - start > Int(0.3 * period * fs), end - start <= maxCycle || endsAtRest else { continue }
            let inside = apexes.filter { $0 > start && $0 < end }
            guard let down = inside.max(by: { height[$0] < height[$1] }) else { continue }
            let startPosition = stop(start)
            let endPosition = endsAtRest ? Double(end) : stop(end)
            if var rep = integrateRep(start: startPosition, end: endPosition, downLocal: down, spanStart: lo,
                                      horizontal: horizontal, closesLoop: !endsAtRest,
                                      forward: forward, lateral: lateral, vertical: vertical, period: period) {
                // A rep floats and comes back. Swing: after the float the bell falls at least half
                // as far as it rose above the bottom of the arc (the forward travel is no guide: an
                // American swing ends overhead, above the shoulder). Hip pull: the hips return at
                // least half their forward travel, and they arrived at the turnaround moving back
                // (an approach from standing still is not a rep). After the last turnaround the
                // bell is parked or the athlete stands up with it: it stops, so it is not a rep.
                if Self.debug {
                    print("candidate", Double(start + lo) / fs, "float", rep.floatHeight, "rise", rep.rise, "fall",
                          rep.height[rep.apexOffset] - (rep.height[rep.apexOffset...].min() ?? 0))
                }
                switch exercise {
                case .swing where armRate != nil:
                    // With a gyroscope the arm's swing angle decides, free of any integration drift
                    // (a saturated or badly fused orientation must not lose reps): the return from
                    // the apex swings back at least half as far as the drive swung up.
                    guard let armRate else { continue }
                    let apexLocal = Int((rep.apexPosition - Double(lo)).rounded())
                    let driveAngle = abs(Self.integral(armRate, from: start, to: apexLocal, dt: dt))
                    let returnAngle = abs(Self.integral(armRate, from: apexLocal, to: end, dt: dt))
                    if returnAngle < 0.5 * driveAngle { continue }
                    rep.swingAngle = driveAngle
                case .swing:
                    let drop = rep.height[rep.apexOffset] - (rep.height[rep.apexOffset...].min() ?? 0)
                    // Only the last cycles of a run can be the park (a swing back, a short swing
                    // forward, back to the stop). A cycle followed by another full cycle came back
                    // by construction, and its integrated height (through a poor accelerometer-only
                    // orientation) must not veto it.
                    let followedByCycle = k + 2 < turnarounds.count
                    if !followedByCycle, drop < 0.5 * rep.floatHeight { continue }
                case .hipPull:
                    let afterApex = rep.forwardPosition[rep.apexOffset...]
                    let back = rep.forwardPosition[rep.apexOffset] - (afterApex.min() ?? 0)
                    if back < 0.5 * rep.forwardTravel { continue }
                    if arrivalTravel(start, window: Int(0.7 * period * fs)) < 0.25 * rep.forwardTravel { continue }
                }
                candidates.append(rep)
            }
        }
        let reps = acceptReps(candidates, typicalExcursion: typicalExcursion)
        var result = MotionRun(range: run, cadence: cadence, reps: reps, startsAtGap: startsAtGap,
                               endsAtGap: endsAtGap)
        if inheritedCadence != nil, startsAtGap, let last = Array(zip(stops, isTurnaround).dropFirst()).last(where: { $0.1 }) {
            result.closingTurnaround = last.0 + lo
        }
        return result
    }

    /// Zero crossings of the angular rate about the gyroscope's principal axis (sensor frame)
    /// inside `active` (local indices into `span`), at least a quarter period apart, each
    /// between half-cycles that rotate at least a third of the run's typical peak rate. Nil
    /// without a gyroscope.
    /// The angular rate about the gyroscope's principal axis over `span`, rad/s (sign arbitrary);
    /// nil without a gyroscope.
    func principalRate(span: Range<Int>, active: Range<Int>) -> [Double]? {
        guard let gyro = trace.angularVelocity else { return nil }
        let run = (span.lowerBound + active.lowerBound)..<(span.lowerBound + active.upperBound)
        // Principal axis: the dominant eigenvector of the 3×3 second-moment matrix, by power iteration.
        var m = [[Double]](repeating: [0, 0, 0], count: 3)
        let axes = [gyro.x, gyro.y, gyro.z]
        for i in run {
            for r in 0..<3 { for c in 0..<3 { m[r][c] += axes[r][i] * axes[c][i] } }
        }
        var axis = [1.0, 0.7, 0.4]
        for _ in 0..<50 {
            var next = [0.0, 0.0, 0.0]
            for r in 0..<3 { for c in 0..<3 { next[r] += m[r][c] * axis[c] } }
            let length = (next[0] * next[0] + next[1] * next[1] + next[2] * next[2]).squareRoot()
            guard length > 0 else { return nil }
            axis = next.map { $0 / length }
        }
        return span.map { i in axis[0] * gyro.x[i] + axis[1] * gyro.y[i] + axis[2] * gyro.z[i] }
    }

    func gyroStops(rate: [Double], active: Range<Int>, period: Double) -> [Int] {
        let fs = trace.sampleRate
        let smooth = SignalMath.movingAverage(rate, window: max(1, Int(0.04 * period * fs)))
        let spacing = max(1, Int(0.25 * period * fs))
        var crossings: [Int] = []
        let lo = max(active.lowerBound, 1), hi = min(active.upperBound, smooth.count)
        guard lo < hi else { return [] }
        for i in lo..<hi where (smooth[i - 1] < 0) != (smooth[i] < 0) {
            // Of the two samples around the sign change, the one nearer zero.
            crossings.append(abs(smooth[i - 1]) < abs(smooth[i]) ? i - 1 : i)
        }
        // The rate between two crossings is a lobe: one half-cycle of the arm (turnaround to apex
        // or back) when it is real. A lobe that barely rotates (peak below a third of the typical
        // half-cycle's) or is shorter than a quarter period cannot be a half-cycle: it is a wobble
        // at a stop or a glitch (an impact, a saturated gyroscope snapping back). Such a lobe and
        // its two crossings are removed together, merging it with its neighbours, which have the
        // same sign as each other (lobes alternate), so the stops keep alternating between
        // turnaround and apex and the real stop next to a glitch survives.
        var bounds = [lo] + crossings + [hi]
        func peak(_ k: Int) -> Double {
            bounds[k] < bounds[k + 1] ? (smooth[bounds[k]..<bounds[k + 1]].map(abs).max() ?? 0) : 0
        }
        var peaks = (0..<(bounds.count - 1)).map(peak)
        guard let typical = SignalMath.median(peaks.filter { $0 > 0 }) else { return [] }
        func isWeak(_ k: Int) -> Bool {
            peaks[k] <= typical / 3 || bounds[k + 1] - bounds[k] < spacing
        }
        while true {
            // Interior lobes only: the first and last are cut by the run's edges.
            let interior = peaks.count > 2 ? Array(1..<(peaks.count - 1)) : []
            guard let weakest = interior.filter(isWeak).min(by: { peaks[$0] < peaks[$1] }) else { break }
            bounds.removeSubrange(weakest...(weakest + 1))
            peaks.replaceSubrange((weakest - 1)...(weakest + 1), with: [peak(weakest - 1)])
        }
        // Keep crossings between two real half-cycles, and a stop followed by a long pause (the
        // bell parked): the lobe after it is weak.
        // (Only the first and last lobes can still be weak; a weak first lobe is the rest before
        // the hike, whose end is not a stop of the swing.)
        return (1..<max(1, bounds.count - 1)).filter { peaks[$0 - 1] > typical / 3 }.map { bounds[$0] }
    }

    /// ∫ values dt between two local indices (trapezoid), signed.
    static func integral(_ values: [Double], from: Int, to: Int, dt: Double) -> Double {
        let lo = max(0, min(from, to)), hi = min(values.count - 1, max(from, to))
        guard lo < hi else { return 0 }
        var sum = 0.0
        for k in lo..<hi { sum += 0.5 * (values[k] + values[k + 1]) * dt }
        return from <= to ? sum : -sum
    }

    /// Deep local minima of `speed` inside `range`: below a third of the largest speed within
    /// half a period either side, at least a quarter period apart (the slower one wins).
    func deepMinima(_ speed: [Double], in range: Range<Int>, period: Double) -> [Int] {
        let fs = trace.sampleRate
        let half = max(1, Int(0.5 * period * fs))
        let spacing = max(1, Int(0.25 * period * fs))
        let smooth = SignalMath.movingAverage(speed, window: max(1, Int(0.04 * period * fs)))
        var minima: [Int] = []
        let lo = max(range.lowerBound, 1), hi = min(range.upperBound, smooth.count - 1)
        guard lo < hi else { return [] }
        for i in lo..<hi where smooth[i] <= smooth[i - 1] && smooth[i] < smooth[i + 1] {
            let neighbourhood = max(0, i - half)..<min(smooth.count, i + half + 1)
            guard let top = smooth[neighbourhood].max(), smooth[i] < top / 3 else { continue }
            if let last = minima.last, i - last < spacing {
                if smooth[i] < smooth[last] { minima[minima.count - 1] = i }
            } else {
                minima.append(i)
            }
        }
        // The slowest sample of the raw speed near each smoothed minimum.
        let refine = max(1, Int(0.05 * period * fs))
        return minima.map { m in
            (max(0, m - refine)...min(speed.count - 1, m + refine)).min { speed[$0] < speed[$1] } ?? m
        }
    }

    /// Sub-sample instant where the coarse velocity, projected on the acceleration at the
    /// slowest sample `index`, crosses zero: near a reversal v ≈ a·(t − t*), so that projection
    /// changes sign exactly at the stop.
    func refinedStop(at index: Int, velocities: [[Double]], accelerations: [[Double]], searchRadius: Int) -> Double {
        let n = velocities[0].count
        guard index > 1, index + 2 < n else { return Double(index) }
        var direction = [0.0, 0.0, 0.0]
        for c in 0..<3 { direction[c] = (accelerations[c][index - 1] + accelerations[c][index] + accelerations[c][index + 1]) / 3 }
        let length = (direction[0] * direction[0] + direction[1] * direction[1] + direction[2] * direction[2]).squareRoot()
        guard length > 0 else { return Double(index) }
        let projection = { (k: Int) -> Double in
            (0..<3).reduce(0.0) { $0 + velocities[$1][k] * direction[$1] } / length
        }
        // The crossing nearest the slowest sample, within a tenth of a period.
        var best: Double?
        for k in max(0, index - searchRadius)..<min(n - 1, index + searchRadius) {
            let p0 = projection(k), p1 = projection(k + 1)
            if p0 <= 0, p1 > 0 {
                let crossing = Double(k) + p0 / (p0 - p1)
                if best == nil || abs(crossing - Double(index)) < abs(best! - Double(index)) { best = crossing }
            }
        }
        return best ?? Double(index)
    }

    /// Keeps the cycles that are reps: a real drive rises (swing) or travels forward (hip pull)
    /// as far as the run's typical cycle; the hike and the park do not.
    func acceptReps(_ candidates: [MotionRep], typicalExcursion: Double? = nil) -> [MotionRep] {
        let excursion: (MotionRep) -> Double = { rep in
            switch exercise {
            case .swing: return rep.floatHeight
            case .hipPull: return rep.forwardTravel
            }
        }
        if exercise == .swing, !candidates.isEmpty, candidates.allSatisfy({ $0.swingAngle != nil }) {
            let angles = candidates.map { $0.swingAngle ?? 0 }
            guard let typical = typicalExcursion ?? SignalMath.median(angles) else { return [] }
            return candidates.filter { ($0.swingAngle ?? 0) >= Self.minimumRelativeExcursion * typical }
        }
        let minimum = exercise == .swing ? Self.minimumSwingRiseM : Self.minimumHipTravelM
        let plausible = candidates.filter { excursion($0) > minimum }
        guard let typical = typicalExcursion ?? SignalMath.median(plausible.map(excursion)) else { return [] }
        return plausible.filter { excursion($0) >= Self.minimumRelativeExcursion * typical }
    }
}
