import Foundation
import HipDriveRecordings

/// What the analysis needs besides the recording.
public struct AnalysisSettings: Sendable, Codable, Equatable {
    public var exercise: Exercise
    public var load: LoadSpecification
    /// Breakdown threshold as a fraction of the reference mean drive power (default 0.8).
    public var breakdownThreshold: Double
    /// Loss thresholds to mark, percent (default 10, 20, 30).
    public var lossThresholdsPct: [Double]
    /// Where the user says the sensor was worn; nil (auto) takes what the recording says
    /// (a Sensor Logger `WristMotion.csv` is a watch), else the usual place for the exercise
    /// (bell for swings, hips for hip pulls). A wrist sensor's swing is turned into the bell's
    /// through a lever (`WristToBell`).
    public var placement: SensorPlacement?
    /// Where a bell sensor sits on the bell; nil: `.handle`, the usual place (analysis.md). A
    /// handle sensor's kinematics are moved to the bell's centre of mass (`BellHandleLever`).
    public var bellSensorMount: BellSensorMount?
    /// A handle sensor's distance from the bell's centre of mass, m (grip → centre of mass);
    /// nil: from the bell's mass for cast-iron proportions, 0.14 m at 16 kg or with no mass.
    /// 0 is the same as a `centre` mount.
    public var bellSensorOffsetM: Double?

    public init(exercise: Exercise = .swing, load: LoadSpecification = LoadSpecification(),
                breakdownThreshold: Double = 0.8, lossThresholdsPct: [Double] = [10, 20, 30],
                placement: SensorPlacement? = nil, bellSensorMount: BellSensorMount? = nil,
                bellSensorOffsetM: Double? = nil) {
        self.bellSensorMount = bellSensorMount
        self.bellSensorOffsetM = bellSensorOffsetM
        self.exercise = exercise
        self.load = load
        self.breakdownThreshold = breakdownThreshold
        self.lossThresholdsPct = lossThresholdsPct
        self.placement = placement
    }

    /// The placement the analysis uses for `recording` and how it was decided: the user's word
    /// first (a watch can be strapped to a bell's handle), then the recording's, then the usual
    /// place for the exercise.
    public func resolvedPlacement(for recording: Recording) -> (placement: SensorPlacement, source: PlacementSource) {
        if let placement { return (placement, .user) }
        if let detected = SensorPlacement.detected(in: recording) { return (detected, .recording) }
        return (SensorPlacement.usual(for: exercise), .usual)
    }
}

/// Turns a clean recording into sets, reps, power and fatigue.
///
/// Motion: active stretches → cadence (autocorrelation) → turnarounds from the drift-free
/// forward velocity → each rep integrated with zero-velocity updates at its turnarounds →
/// power and work per rep → sets (reps separated by rest) → fatigue per set. Audio: reps from
/// the onset trace with the cadence prior (see `AudioRepFinder`).
///
/// ```swift
/// let recording = try RecordingReader.read(url)
/// let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(load: .init(massKg: 16)))
/// print(analysis.sets.map { $0.reps.count })
/// ```
public enum SessionAnalyzer {
    /// Reps further apart than this (seconds of rest, or more than this many rep periods) start
    /// a new set. Rests between sets last tens of seconds; within a set reps follow each other.
    static let setSplitGapS = 6.0

    public static func analyze(_ recording: Recording, settings: AnalysisSettings) throws -> SessionAnalysis {
        switch recording.content {
        case let .motion(trace):
            return try analyzeMotion(trace, recording: recording, settings: settings)
        case let .audio(trace):
            return AudioRepFinder.analyze(trace, recording: recording, settings: settings)
        }
    }

    static func analyzeMotion(_ trace: MotionTrace, recording: Recording,
                              settings: AnalysisSettings, swingAtHips: Bool = false) throws -> SessionAnalysis {
        guard trace.count > 0 else { throw AnalysisError.emptyRecording(file: recording.source.path) }
        if settings.exercise == .swing, settings.resolvedPlacement(for: recording).placement == .hips {
            return try analyzeSwingAtHips(trace, recording: recording, settings: settings)
        }
        let exercise = settings.exercise
        let load = settings.load
        var notes: [String] = []
        if trace.orientationMethod == .accelerometerOnly {
            notes.append("accelerometer only: orientation estimated without a gyroscope, reduced accuracy")
        }
        let powerUnit: String
        switch exercise {
        case .swing:
            if load.massKg == nil {
                powerUnit = "W/kg"
                notes.append("no bell mass given: power and work per kilogram of bell (W/kg, J/kg)")
            } else {
                powerUnit = "W"
            }
        case .hipPull:
            if load.band == nil {
                powerUnit = "none"
                notes.append("no band given: hip speed, displacement and relativeDriveIndex only, no watts")
            } else {
                powerUnit = "W"
            }
        }
        if trace.quality.clippedPercent > 0.5 {
            notes.append(String(format: "%.1f %% of accelerometer samples clipped: power at the bottom of the swing is underestimated",
                                trace.quality.clippedPercent))
        }

        var finder = MotionRepFinder(exercise: exercise, trace: trace)
        finder.swingAtHips = swingAtHips
        if exercise == .hipPull, let offset = load.bandPointOffset {
            finder.bandPointOffset = offset
            notes.append(String(format: "power at the band's point, %.2f m forward and %.2f m up of the sensor (standing tall)",
                                offset.forwardM, offset.upM)
                         + (trace.angularVelocity == nil ? "; without a gyroscope the offset turns with the hinge fit's pelvis angle" : ""))
        }
        let (placement, placementSource) = settings.resolvedPlacement(for: recording)
        if placementSource == .recording { notes.append("sensor placement from the recording: \(placement.rawValue)") }
        if exercise == .swing && placement == .wrist {
            // wrist → bell: one lever per active stretch (a set), measured on the stretch itself.
            let stretches = trace.segments.flatMap { ActivityDetector.activeRuns(in: trace, segment: $0) }
            finder.wristLevers = WristToBell.measureLevers(in: trace, stretches: stretches, massKg: load.massKg)
            finder.wristMassKg = load.massKg
            finder.sensorOnWrist = true
            notes.append(WristToBell.note(levers: finder.wristLevers, massKg: load.massKg,
                                          hasGyroscope: trace.angularVelocity != nil))
        }
        var bellSensor: BellSensorReport?
        if exercise == .swing && placement == .bell {
            // handle → bell's centre of mass: one lever direction per active stretch (a set).
            let mount: BellSensorMount = settings.bellSensorOffsetM == 0 ? .centre : (settings.bellSensorMount ?? .handle)
            if mount == .handle {
                let length = BellHandleLever.length(userOffsetM: settings.bellSensorOffsetM, massKg: load.massKg)
                let stretches = trace.segments.flatMap { ActivityDetector.activeRuns(in: trace, segment: $0) }
                finder.bellLevers = BellHandleLever.measureLevers(in: trace, stretches: stretches)
                finder.bellLeverLengthM = length.lengthM
                let byRest = finder.bellLevers.filter { $0.source == .uprightRest }.count
                bellSensor = BellSensorReport(mount: .handle, leverM: length.lengthM, leverSource: length.source,
                                              setsByUprightRest: byRest,
                                              setsByBottomPasses: finder.bellLevers.count - byRest,
                                              setsWithoutLever: stretches.count - finder.bellLevers.count)
            } else {
                bellSensor = BellSensorReport(mount: .centre, leverM: 0, leverSource: nil)
            }
            if let bellSensor {
                notes.append(BellHandleLever.note(bellSensor, hasGyroscope: trace.angularVelocity != nil))
            }
        }
        var runs = finder.findRuns()
        if swingAtHips {
            // A swing's set ends with the hips driving forward out of the park's hinge (or out of
            // the last backswing, standing up with the bell): standing up, not a swing.
            for k in runs.indices {
                runs[k].reps.removeAll { $0.endsStanding }
                runs[k].reps = droppingSlowEdgeDrives(runs[k].reps)
                runs[k].reps = firstDriveFromTheSetsRhythm(runs[k].reps)
                // A drive cut by the recording's end (not by a gap in the data) after the set's
                // last swing is the stand-up out of the park, cut short (independent simulator,
                // seed 481: 5 of 20 sessions counted one after their last set).
                if runs[k].openingTurnaround != nil, trace.count - runs[k].range.upperBound < Int(trace.sampleRate) {
                    runs[k].openingTurnaround = nil
                }
            }
        }
        let sets = assembleSets(runs, trace: trace, settings: settings)
        // A bell turning in the grip: say where the turnarounds were put (GyroBellStopLag.swift).
        let stopLags = runs.filter { !$0.reps.isEmpty }.map(\.appliedBellStopLagS).filter { $0 != 0 }
        if let lag = SignalMath.median(stopLags) {
            notes.append(String(format: "the bell turns in the grip: its centre of mass stops %.0f ms %@ its rotation reverses "
                                + "(median of %d run(s), from each cycle's return to its start); turnarounds placed at the stop",
                                abs(lag) * 1000, lag > 0 ? "after" : "before", stopLags.count))
        }
        let unmeasured = sets.flatMap(\.reps).filter { $0.apex != nil && $0.workJPerKg == nil && exercise == .swing }.count
        if unmeasured > 0 {
            notes.append("\(unmeasured) rep(s) integrated to a float below the turnaround or to a drive that loses energy (orientation unreliable, e.g. a saturated sensor or a failed accelerometer-only fit): counted, power not reported")
        }
        let stillSensor = exercise == .hipPull && load.band != nil
            ? sets.flatMap(\.reps).filter { $0.apex != nil && $0.meanDrivePowerW == nil && $0.workJ == nil }.count : 0
        if stillSensor > 0 {
            notes.append("\(stillSensor) drive(s) in which the sensor's own point did not move forward (for example a sensor at the back of the "
                         + "belt, which the pelvis's turn carries forward as the hips go back): counted and timed, power not reported; "
                         + "give --band-offset (where the band pulls, from the sensor) to measure the band's point")
        }
        let input = AnalysisInput(path: recording.source.path, format: recording.format, kind: "imu",
                                  durationS: trace.duration, startDate: trace.startDate,
                                  quality: trace.quality, orientationMethod: trace.orientationMethod,
                                  placement: placement, placementSource: placementSource, bellSensor: bellSensor)
        return SessionAnalysis(softwareVersion: HipDriveVersion.string, input: input, exercise: exercise,
                               load: load, powerUnit: powerUnit, sets: sets, notes: notes + trace.quality.notes)
    }

    /// A swing recorded by a sensor at the hips (a phone in a pocket or on the belt): the bell's
    /// motion is not in the data, so neither is its power. The hips hinge once per swing (back as
    /// the bell swings between the legs, forward in the drive, the lockout as the bell floats),
    /// which is the banded hip pull's movement without the band: the reps, their timing and the
    /// hips' speed and travel come from that analysis (turnaround = hips furthest back, as the
    /// bell reaches the backswing; apex = the lockout, as the bell floats), with no watts, as for
    /// a hip pull without a band (analysis.md). The set's closing drive out of the park's hinge
    /// is standing up, not a swing. The output still says swing.
    static func analyzeSwingAtHips(_ trace: MotionTrace, recording: Recording,
                                   settings: AnalysisSettings) throws -> SessionAnalysis {
        var hinge = settings
        hinge.exercise = .hipPull
        hinge.load.band = nil
        hinge.placement = settings.resolvedPlacement(for: recording).placement
        var analysis = try analyzeMotion(trace, recording: recording, settings: hinge, swingAtHips: true)
        analysis.exercise = .swing
        analysis.load = settings.load
        analysis.notes.removeAll { $0.hasPrefix("no band given") }
        analysis.notes.insert("swing recorded at the hips: reps, timing and the hips' speed, travel and relativeDriveIndex "
                              + "from the hip hinge; the bell's power and work are not measurable from the hips (no watts; "
                              + "put the sensor on the bell or the wrist for them)", at: 0)
        return analysis
    }

    /// A swing recorded at the hips: the first or last "drive" of a run that moves the hips at
    /// under `slowEdgeDriveShare` of the run's typical peak speed (the median) is the hike or the
    /// park, not a swing. Every swing snaps the hips through at 0.7–1.5 m/s, and a set's last
    /// swing, into the park, keeps most of that (independent simulator, seeds 480–481: 0.67–0.88
    /// of its set's median in the truth); picking the bell up and setting it down move the hips
    /// at a walk's pace or less (seed 480 without a gyroscope, as measured: a hike at 0.36 m/s in
    /// a set whose swings ran 1.06–1.41 m/s, a park at 0.07 m/s after swings at 0.73–1.04).
    static func droppingSlowEdgeDrives(_ reps: [MotionRep]) -> [MotionRep] {
        guard reps.count >= 4 else { return reps }
        let peaks = reps.map { $0.speed.max() ?? 0 }
        if MotionRepFinder.debug { print("swing at the hips, peak speeds", peaks) }
        guard let typical = SignalMath.median(peaks), typical > 0 else { return reps }
        var lo = 0, hi = reps.count
        if peaks[0] < slowEdgeDriveShare * typical { lo = 1 }
        if peaks[reps.count - 1] < slowEdgeDriveShare * typical { hi = reps.count - 1 }
        return Array(reps[lo..<hi])
    }

    /// Share of a run's typical peak hip speed below which a swing at the hips' first or last
    /// drive is the hike or the park (see `droppingSlowEdgeDrives`).
    static let slowEdgeDriveShare = 0.35

    /// A swing recorded at the hips: the hips go back to pick the bell up and stay back while
    /// the arms hike it, the pelvis creeping upright as the bell goes back, 1–1.5 s before the
    /// first drive; the pelvis's first stop, where that rep starts, is the pick-up. The drives of
    /// a set last alike (the hips snap through in 0.3–0.5 s), so a first drive lasting over 1.5
    /// times its set's typical one (the median of the others') starts that long before its
    /// lockout (independent simulator, swings with a hip sensor and a gyroscope, seed 480: first
    /// turnarounds 0.9–1.6 s early in 8 of its first 10 sessions).
    static func firstDriveFromTheSetsRhythm(_ reps: [MotionRep]) -> [MotionRep] {
        guard reps.count >= 4, var first = reps.first else { return reps }
        let drives = reps.dropFirst().map { $0.apexPosition - $0.turnaroundPosition }
        let periods = zip(reps.dropFirst(), reps.dropFirst(2)).map { $1.turnaroundPosition - $0.turnaroundPosition }
        guard let typical = SignalMath.median(drives), typical > 0, let period = SignalMath.median(periods) else { return reps }
        let start: Double
        if first.apexPosition - first.turnaroundPosition > 1.5 * typical {
            // Without a gyroscope a first cycle that spans the hike can be fitted with its apex
            // in the next rep's drive (the hinge fit of so long a window); its start would then
            // fall within half a rep of the next turnaround. The set's rhythm in whole reps places
            // it instead: one typical rep period before the next turnaround.
            let fromDrive = first.apexPosition - typical
            start = fromDrive > reps[1].turnaroundPosition - 0.5 * period ? reps[1].turnaroundPosition - period : fromDrive
        } else if reps[1].turnaroundPosition - first.turnaroundPosition > Self.pickUpPeriodShare * period {
            // (Seen without a gyroscope; with one the drives end at the pelvis's stop and the
            // first rule catches a long first drive.) Without one a set's drives are timed to an
            // integrated apex that can land on either of two features of the hips' motion (drives
            // of 0.5 or 0.95 s in one set), so the typical drive can hide a long first one; the
            // first rep's period cannot (its turnarounds are the tilt's stops). One lasting over
            // `pickUpPeriodShare` of the set's typical period started at the pick-up (HipDrive's
            // validation, seed 2, session 921694537: a first turnaround 0.8 s early, its drive
            // 1.39 s against 0.93).
            start = reps[1].turnaroundPosition - period
        } else {
            return reps
        }
        first = first.startingAt(start)
        return [first] + reps.dropFirst()
    }

    /// A swing at the hips: a set's first rep lasting over this share of its set's typical rep
    /// period (turnaround to turnaround) started at the pick-up (`firstDriveFromTheSetsRhythm`).
    /// A set's periods drift by some 10 % with fatigue; the hike's hold added 41 % in the
    /// validation session that showed it (2.73 s against the set's 1.93).
    static let pickUpPeriodShare = 1.3

    /// Two reps counted across a data gap, neither measured, whose turnarounds lie closer than this
    /// share of the rep period are one rep counted from both sides of the gap (`assembleSets`).
    static let sameRepAcrossGapShare = 0.5

    /// A rep found in a run, or a rep counted across a data gap whose motion was not measured.
    private struct SlottedRep {
        var rep: MotionRep?
        var turnaround: Double
        var end: Double
        var period: Double
        /// Not a rep: the end of a measured return after a gap, where no complete rep fits in
        /// the piece of data; it only lets the reps inside the gap be counted.
        var isBoundary = false
    }

    /// Windows of the measured trace in which a swing's sensor is at rest (held still or lying):
    /// |f| stays within `stillForceToleranceG` of g for the whole window. A swing's |f| swings
    /// from near 0 to 2–4 g within half a second, and passes g only for instants.
    static let stillWindowS = 0.5
    static let stillForceToleranceG = 0.15

    /// Seconds of measured data between the trace times `from` and `to` in which the sensor was at
    /// rest (`stillWindowS` windows inside the trace's segments).
    static func stillTime(in trace: MotionTrace, from: Double, to: Double) -> Double {
        let window = max(2, Int(stillWindowS * trace.sampleRate))
        let tolerance = stillForceToleranceG * standardGravity
        let f = trace.specificForce
        var total = 0.0
        for segment in trace.segments {
            let lower = max(segment.lowerBound, Int(((from - trace.startTime) * trace.sampleRate).rounded(.up)))
            let upper = min(segment.upperBound, Int(((to - trace.startTime) * trace.sampleRate).rounded(.down)))
            var start = lower
            while start + window <= upper {
                if (start..<(start + window)).allSatisfy({ abs(f[$0].length - standardGravity) < tolerance }) {
                    total += Double(window) / trace.sampleRate
                }
                start += window
            }
        }
        return total
    }

    static func assembleSets(_ runs: [MotionRun], trace: MotionTrace, settings: AnalysisSettings) -> [SetAnalysis] {
        var slotted: [SlottedRep] = []
        for run in runs {
            for rep in run.reps {
                let dt = 1 / trace.sampleRate
                slotted.append(SlottedRep(rep: rep, turnaround: trace.startTime + rep.turnaroundPosition * dt,
                                          end: trace.startTime + rep.endPosition * dt, period: rep.runPeriodS))
            }
        }
        for run in runs {
            guard let period = run.cadence?.periodS else { continue }
            if run.reps.isEmpty, let closing = run.closingTurnaround {
                let time = trace.time(at: closing)
                slotted.append(SlottedRep(rep: nil, turnaround: time, end: time, period: period, isBoundary: true))
            }
            if let opening = run.openingTurnaround {
                // A rep whose drive was measured and whose return fell in the gap: one period long.
                let time = trace.time(at: opening)
                slotted.append(SlottedRep(rep: nil, turnaround: time, end: time + period, period: period))
            }
            if let end = run.endOfRepAfterGap {
                // A rep whose drive fell in the gap and whose return was measured: one period long.
                let time = trace.time(at: end)
                slotted.append(SlottedRep(rep: nil, turnaround: time - period, end: time, period: period))
            }
        }
        slotted.sort { $0.turnaround < $1.turnaround }
        let gapTimes = zip(trace.segments, trace.segments.dropFirst()).map {
            (trace.time(at: $0.0.upperBound), trace.time(at: $0.1.lowerBound))
        }
        var groups: [[SlottedRep]] = []
        for (position, rep) in slotted.enumerated() {
            guard var group = groups.last, let previous = group.last else {
                if !rep.isBoundary { groups.append([rep]) }
                continue
            }
            // One rep counted from both sides of a gap: the piece before it saw the rep's drive
            // (`openingTurnaround`, its return in the gap), the piece after it saw the return
            // (`endOfRepAfterGap`, its drive in the gap), and their turnarounds lie closer than
            // any two reps' can (half a period: a drive and a fall each take about that). It is one
            // rep, from the measured turnaround to the measured end (independent simulator seed
            // 638 session 63800039: a 0.54 s gap, the rep from 10.3 s counted twice, at 9.90 and
            // 10.27 s, 10 reps of 9).
            if rep.rep == nil, !rep.isBoundary, previous.rep == nil, !previous.isBoundary,
               rep.turnaround - previous.turnaround < Self.sameRepAcrossGapShare * previous.period {
                group[group.count - 1] = SlottedRep(rep: nil, turnaround: previous.turnaround, end: max(previous.end, rep.end),
                                                   period: previous.period)
                groups[groups.count - 1] = group
                continue
            }
            let interval = rep.turnaround - previous.end
            // (An unmeasured rep's end is only estimated: the gap may end before it.)
            let previousMeasuredEnd = previous.rep == nil ? previous.turnaround : previous.end
            let spansGap = gapTimes.contains { $0.0 < rep.turnaround && $0.1 > previousMeasuredEnd }
            if interval > max(setSplitGapS, 3 * previous.period) && !spansGap
                || interval > 4 * previous.period + setSplitGapS {
                if !rep.isBoundary { groups.append([rep]) }
                continue
            }
            // Across a gap in the data the reps keep coming at the cadence: count them (their
            // motion is not measured) so the set's count stays right.
            if spansGap, interval > 0.5 * previous.period {
                // Unless the athlete paused next to the gap: a second (or a period, if shorter) of
                // the measured data in the interval shows the sensor at rest (standing with the
                // bell; a swing's |f| leaves 1 ± 0.15 g within a fraction of a second, a low tired
                // swing's too), and the swinging stopped and started again around it without a
                // rep. Then only the gap itself can hold reps nobody saw, from its start, and not a
                // gap with the sensor at rest on both sides of it (HipDrive's simulator: a 5 s
                // pause, then a 1.5 s gap, counted as three reps; a gap inside a pause, as three).
                // Across a gap in a set swung without a pause, swinging no whole rep covered fills
                // the measured part of the interval, and the interval counts (kettlebox
                // swing_left_0, a 1–2 s gap).
                // (Swings only: a belt sensor on a hip pull reads |f| within a few tenths of a g of
                // 1 g while it drives.)
                let paused = settings.exercise == .swing
                    && stillTime(in: trace, from: previous.end, to: rep.turnaround) >= min(previous.period, 1.0)
                let window = stillWindowS
                let overlapping = gapTimes.filter { gap in
                    guard min(gap.1, rep.turnaround) > max(gap.0, previous.end) else { return false }
                    // (A window's whole samples: 0.48 s of a 0.5 s window at 49.99 Hz.)
                    return !(paused && stillTime(in: trace, from: gap.0 - window - 0.1, to: gap.0) >= 0.9 * window
                             && stillTime(in: trace, from: gap.1, to: gap.1 + window + 0.1) >= 0.9 * window)
                }
                let unmeasured = overlapping.reduce(0.0) { $0 + min($1.1, rep.turnaround) - max($1.0, previous.end) }
                let span = paused ? unmeasured : interval
                let from = paused ? max(overlapping.first?.0 ?? previous.end, previous.end) : previous.end
                // At the pace of the measured reps next to the gap, up to three on each side: the
                // run's period is its spectrum's, which its fresh reps dominate, and tired reps
                // slow down (independent simulator seed 668 session 66800030, a handle sensor, a
                // 1.1 s gap three reps after a breakdown: the run's period 2.41 s, the reps next
                // to the gap 2.4–2.9 s; 6.04 s between the measured reps read as 2.50 periods and
                // three reps were counted in it where two were swung).
                let before = group.reversed().filter { $0.rep != nil }.prefix(3)
                let after = slotted[position...].filter { $0.rep != nil }.prefix(3)
                let pace = SignalMath.median((before + after).map { $0.end - $0.turnaround }) ?? previous.period
                let missing = Int((span / pace).rounded())
                let step = span / Double(max(missing, 1))
                for k in 0..<missing {
                    let start = from + Double(k) * step
                    group.append(SlottedRep(rep: nil, turnaround: start, end: start + step, period: previous.period))
                }
            }
            if !rep.isBoundary { group.append(rep) }
            groups[groups.count - 1] = group
        }

        var sets: [SetAnalysis] = []
        for group in groups {
            var reps: [RepMetrics] = []
            var shapes: [[Double]?] = []
            for (k, slot) in group.enumerated() {
                if let rep = slot.rep {
                    reps.append(RepPower.metrics(for: rep, index: k + 1, trace: trace, exercise: settings.exercise,
                                                 load: settings.load))
                    shapes.append(Smoothness.shape(rep.speed))
                } else {
                    reps.append(RepMetrics(index: k + 1, start: slot.turnaround, end: slot.end,
                                           turnaround: slot.turnaround, apex: nil, repTimeS: slot.end - slot.turnaround))
                    shapes.append(nil)
                }
            }
            attachShapeCorrelations(&reps, shapes: shapes)
            var context = FatigueAnalyzer.Context(breakdownThreshold: settings.breakdownThreshold,
                                                  lossThresholdsPct: settings.lossThresholdsPct, shapes: shapes)
            // Without a gyroscope the per-rep fits leave 15–25 % scatter per rep (README, Accuracy).
            context.noisyPerRepPower = trace.orientationMethod == .accelerometerOnly
            // An unmeasured rep either fell in a gap in the data or was cut by the recording's own
            // start or end (a logger started mid-set): the coach should know which.
            let recordingStart = trace.startTime, recordingEnd = trace.time(at: max(0, trace.count - 1))
            let unmeasured = group.filter { $0.rep == nil }
            let cutByRecordingEdge = unmeasured.filter { $0.turnaround < recordingStart || $0.end > recordingEnd }
            if !cutByRecordingEdge.isEmpty {
                context.notes.append("the recording starts or ends mid-set: \(cutByRecordingEdge.count) rep(s) only partly "
                                     + "recorded, counted from the cadence, not measured")
            }
            if unmeasured.count > cutByRecordingEdge.count {
                context.notes.append("a gap in the data inside the set: reps counted from the cadence, not measured")
            }
            if settings.exercise == .hipPull && settings.load.band == nil {
                context.powerQuantityName = "relativeDriveIndex"
            }
            let periods = group.compactMap { $0.rep?.runPeriodS }
            let cadence = SignalMath.median(periods).map { 60 / $0 }
            let fatigue = FatigueAnalyzer.analyze(reps, context: context)
            sets.append(SetAnalysis(index: sets.count + 1, start: reps.first?.start ?? 0, end: reps.last?.end ?? 0,
                                    cadenceRpm: cadence, reps: reps, fatigue: fatigue))
        }
        return sets
    }

    /// Correlation of each rep's speed waveform with the mean waveform of the set's opening reps
    /// (the first three measured).
    static func attachShapeCorrelations(_ reps: inout [RepMetrics], shapes: [[Double]?]) {
        let opening = shapes.compactMap { $0 }.prefix(3)
        guard !opening.isEmpty else { return }
        var template = [Double](repeating: 0, count: Smoothness.shapePoints)
        for shape in opening { for k in 0..<template.count { template[k] += shape[k] / Double(opening.count) } }
        for k in reps.indices {
            if let shape = shapes[k] { reps[k].shapeCorrelation = SignalMath.correlation(shape, template) }
        }
    }
}

/// Everything the analysis can refuse, naming the file and what to do.
public enum AnalysisError: Error, CustomStringConvertible, Sendable {
    case emptyRecording(file: String)
    case invalidSettings(String)

    public var description: String {
        switch self {
        case let .emptyRecording(file):
            return "\(file): the recording holds no samples; check that it is the right file"
        case let .invalidSettings(message):
            return message
        }
    }
}
