import Foundation
import HipDriveRecordings

// The results that flow from the analysis to the history store, the reports and the JSON
// output. Every number is in SI units (s, m, m/s, W, J, kg); names carry the unit. A value that
// could not be measured is nil (JSON null), never a made-up zero.

/// The exercise a recording holds.
public enum Exercise: String, Sendable, Codable, CaseIterable {
    case swing
    case hipPull = "hip-pull"
}

/// How a banded hip pull's band is specified. Without one, no watts are reported.
public enum BandSpecification: Sendable, Codable, Equatable {
    /// Band stiffness k, N/m, and the slack length before it starts to pull, m.
    case stiffness(newtonsPerMetre: Double, slackM: Double)
    /// Band tension at lockout, N, with the pull distance (stroke) from turnaround to lockout, m.
    case lockoutTension(newtons: Double, strokeM: Double)
}

/// What the user told the analysis about the load.
public struct LoadSpecification: Sendable, Codable, Equatable {
    /// Bell mass, kg; nil when unknown (power is then reported per kilogram).
    public var massKg: Double?
    public var band: BandSpecification?
    /// Hip pulls: where the band pulls relative to the sensor; nil: at the sensor.
    public var bandPointOffset: BandPointOffset?
    /// Audio calibration: the float height of the bell above its lowest point, m.
    public var audioFloatHeightM: Double?

    public init(massKg: Double? = nil, band: BandSpecification? = nil, bandPointOffset: BandPointOffset? = nil,
                audioFloatHeightM: Double? = nil) {
        self.massKg = massKg
        self.band = band
        self.bandPointOffset = bandPointOffset
        self.audioFloatHeightM = audioFloatHeightM
    }
}

/// Hip pulls: the point the band pulls, relative to the sensor, with the athlete standing tall:
/// `forwardM` towards the front of the body (the drive's direction), `upM` up, metres. A sensor
/// clipped at the back of the belt with the band looped round the front is about 0.2 m behind
/// the band's point: forward 0.2. The band's point turns with the pelvis as the sensor does
/// (HipPullKinematics.swift); sideways offsets do not move it forward and are left out.
public struct BandPointOffset: Sendable, Codable, Equatable {
    public var forwardM: Double
    public var upM: Double

    public init(forwardM: Double, upM: Double = 0) {
        self.forwardM = forwardM
        self.upM = upM
    }
}

/// One rep: from one turnaround (bell furthest behind the legs, or hips furthest back) to the
/// next, with its drive phase from the turnaround to the apex (float or lockout).
public struct RepMetrics: Sendable, Codable, Equatable {
    /// 1-based index within the set.
    public var index: Int
    /// Start and end of the rep, seconds on the recording's clock.
    public var start: Double
    public var end: Double
    /// Turnaround time (start of the drive), seconds.
    public var turnaround: Double
    /// Apex time (float at the top / lockout), seconds; nil from audio when not observable.
    public var apex: Double?
    /// Max of P(t) = m·v·(a + g·ẑ) over the drive phase, W (nil without a known mass or band).
    public var peakPowerW: Double?
    /// (E(apex) − E(turnaround)) / (t_apex − t_turnaround), W.
    public var meanDrivePowerW: Double?
    /// E(apex) − E(turnaround), J.
    public var workJ: Double?
    /// Per kilogram of bell: reported always for swings measured by an IMU, W/kg and J/kg.
    public var peakPowerWPerKg: Double?
    public var meanDrivePowerWPerKg: Double?
    public var workJPerKg: Double?
    /// Max |v| over the rep, m/s.
    public var peakSpeedMps: Double?
    /// Apex − turnaround, s.
    public var driveTimeS: Double?
    /// End − start, s.
    public var repTimeS: Double
    /// Vertical rise of the bell (or hip travel for hip pulls) from turnaround to apex, m.
    public var displacementM: Double?
    /// Hip pulls without a band: peak hip speed × displacement, a relative index (no unit meaning
    /// beyond "higher is more"); named `relativeDriveIndex` so nobody reads it as watts.
    public var relativeDriveIndex: Double?
    /// Spectral arc length of the rep's speed profile (SPARC, Balasubramanian 2015); closer to 0
    /// is smoother, dimensionless.
    public var smoothnessSPARC: Double?
    /// Pearson correlation of this rep's time-normalised waveform with the set's opening reps.
    public var shapeCorrelation: Double?

    public init(index: Int, start: Double, end: Double, turnaround: Double, apex: Double?,
                peakPowerW: Double? = nil, meanDrivePowerW: Double? = nil, workJ: Double? = nil,
                peakPowerWPerKg: Double? = nil, meanDrivePowerWPerKg: Double? = nil,
                workJPerKg: Double? = nil, peakSpeedMps: Double? = nil, driveTimeS: Double? = nil,
                repTimeS: Double, displacementM: Double? = nil, relativeDriveIndex: Double? = nil,
                smoothnessSPARC: Double? = nil, shapeCorrelation: Double? = nil) {
        self.index = index
        self.start = start
        self.end = end
        self.turnaround = turnaround
        self.apex = apex
        self.peakPowerW = peakPowerW
        self.meanDrivePowerW = meanDrivePowerW
        self.workJ = workJ
        self.peakPowerWPerKg = peakPowerWPerKg
        self.meanDrivePowerWPerKg = meanDrivePowerWPerKg
        self.workJPerKg = workJPerKg
        self.peakSpeedMps = peakSpeedMps
        self.driveTimeS = driveTimeS
        self.repTimeS = repTimeS
        self.displacementM = displacementM
        self.relativeDriveIndex = relativeDriveIndex
        self.smoothnessSPARC = smoothnessSPARC
        self.shapeCorrelation = shapeCorrelation
    }
}

/// Loss from the reference (mean of the best two of the first three reps) to the mean of the
/// last three reps, percent; positive = the set got weaker.
public struct PowerLoss: Sendable, Codable, Equatable {
    public var peak: Double?
    public var meanDrive: Double?
    public init(peak: Double?, meanDrive: Double?) { self.peak = peak; self.meanDrive = meanDrive }
}

/// Where a loss threshold (10, 20, 30 % of the reference) was first crossed for good.
public struct ThresholdCrossing: Sendable, Codable, Equatable {
    public var thresholdPct: Double
    /// First rep index from which the loss stays at or beyond the threshold; nil if never.
    public var rep: Int?
    public init(thresholdPct: Double, rep: Int?) { self.thresholdPct = thresholdPct; self.rep = rep }
}

/// The fatigue breakdown of one set, as defined in docs/analysis.md.
public struct FatigueBreakdown: Sendable, Codable, Equatable {
    /// Power loss %, peak and mean drive power (per-kg values when the mass is unknown).
    public var powerLossPct: PowerLoss
    /// Peak-speed loss %, the velocity-based-training analogue.
    public var velocityLossPct: Double?
    /// Least-squares slope of mean drive power over rep index, % of the reference per rep.
    public var slopePctPerRep: Double?
    /// First rep after which mean drive power stays below the breakdown threshold; nil if the set
    /// holds up.
    public var breakdownRep: Int?
    /// Threshold used for `breakdownRep`, fraction of the reference (default 0.8).
    public var breakdownThreshold: Double
    /// Share of ln(P_last/P_ref) explained by less work per rep (0…1 when both shares agree in
    /// sign); `tempoShare` = 1 − `workShare` is the share from a slower drive.
    public var workShare: Double?
    public var tempoShare: Double?
    /// Change in SPARC from the opening reps to the last three (negative = less smooth).
    public var smoothnessDrift: Double?
    /// Mean shape correlation of the last three reps with the opening reps (1 = unchanged).
    public var shapeConsistencyLast: Double?
    /// Coefficient of variation of mean drive power across the set, percent.
    public var repVariabilityCVPct: Double?
    /// Cadence at the start and end of the set, reps/min, and the change, percent.
    public var cadenceStartRpm: Double?
    public var cadenceEndRpm: Double?
    public var cadenceDriftPct: Double?
    /// Where the 10/20/30 % (configurable) mean-drive-power loss thresholds were crossed.
    public var thresholdCrossings: [ThresholdCrossing]
    /// "good", "fair" or "weak": how much to trust these numbers (few reps, gaps, clipping).
    public var confidence: String
    /// Plain-language reasons behind a weak confidence.
    public var qualityNotes: [String]
    /// "good", "fair" or "weak": how far the reps that decide `breakdownRep` (its tail, or the
    /// last three when there is none) are from the threshold, in standard errors of the set's
    /// rep-to-rep noise (≥ 2, ≥ 1, below 1). nil when there is no reference. Additive to schemaVersion 1.
    public var breakdownConfidence: String?
    /// Rep-to-rep noise of mean drive power in this set, percent of its median (robust: from
    /// the differences between neighbouring reps); nil with fewer than four measured reps.
    public var repNoisePct: Double?
    /// The breakdown rep the definition gives on the measured reps when it rests on the set's
    /// last measured rep alone and the per-rep power is too imprecise (no gyroscope) to tell one
    /// low rep from a measurement error; `breakdownRep` is then null and a quality note says why.
    /// nil otherwise. Additive to schemaVersion 1.
    public var breakdownWithheldRep: Int?
    /// Without a gyroscope, when a change point placed `breakdownRep`: its evidence against a
    /// steady trend, 2·ln(likelihood ratio) (above 4 to be used; FatigueTrend.changePoint).
    /// nil otherwise. Additive to schemaVersion 1.
    public var breakdownChangePointEvidence: Double?

    public init(powerLossPct: PowerLoss, velocityLossPct: Double?, slopePctPerRep: Double?,
                breakdownRep: Int?, breakdownThreshold: Double = 0.8, workShare: Double?,
                tempoShare: Double?, smoothnessDrift: Double?, shapeConsistencyLast: Double? = nil,
                repVariabilityCVPct: Double? = nil, cadenceStartRpm: Double? = nil,
                cadenceEndRpm: Double? = nil, cadenceDriftPct: Double? = nil,
                thresholdCrossings: [ThresholdCrossing] = [], confidence: String = "good",
                qualityNotes: [String] = [], breakdownConfidence: String? = nil, repNoisePct: Double? = nil,
                breakdownWithheldRep: Int? = nil, breakdownChangePointEvidence: Double? = nil) {
        self.powerLossPct = powerLossPct
        self.velocityLossPct = velocityLossPct
        self.slopePctPerRep = slopePctPerRep
        self.breakdownRep = breakdownRep
        self.breakdownThreshold = breakdownThreshold
        self.workShare = workShare
        self.tempoShare = tempoShare
        self.smoothnessDrift = smoothnessDrift
        self.shapeConsistencyLast = shapeConsistencyLast
        self.repVariabilityCVPct = repVariabilityCVPct
        self.cadenceStartRpm = cadenceStartRpm
        self.cadenceEndRpm = cadenceEndRpm
        self.cadenceDriftPct = cadenceDriftPct
        self.thresholdCrossings = thresholdCrossings
        self.confidence = confidence
        self.qualityNotes = qualityNotes
        self.breakdownConfidence = breakdownConfidence
        self.repNoisePct = repNoisePct
        self.breakdownWithheldRep = breakdownWithheldRep
        self.breakdownChangePointEvidence = breakdownChangePointEvidence
    }
}

/// One set: a run of reps between rests.
public struct SetAnalysis: Sendable, Codable, Equatable {
    /// 1-based index within the session.
    public var index: Int
    /// Start of the first rep and end of the last, seconds on the recording's clock.
    public var start: Double
    public var end: Double
    /// Cadence from the spectrum/autocorrelation of the set, reps per minute.
    public var cadenceRpm: Double?
    public var reps: [RepMetrics]
    public var fatigue: FatigueBreakdown?

    public init(index: Int, start: Double, end: Double, cadenceRpm: Double?, reps: [RepMetrics],
                fatigue: FatigueBreakdown?) {
        self.index = index
        self.start = start
        self.end = end
        self.cadenceRpm = cadenceRpm
        self.reps = reps
        self.fatigue = fatigue
    }
}

/// What was analysed and how good the input was.
public struct AnalysisInput: Sendable, Codable, Equatable {
    /// Path of the recording as the user named it.
    public var path: String
    /// Detected format, e.g. "Physics Toolbox Sensor Suite".
    public var format: String
    /// "imu" or "audio".
    public var kind: String
    public var durationS: Double
    /// Wall-clock start when the file holds one (ISO-8601 in JSON).
    public var startDate: Date?
    /// Nil for audio.
    public var quality: DataQuality?
    public var orientationMethod: OrientationMethod?
    /// Where the sensor was worn ("bell", "wrist", "hips"); nil for audio. For "wrist" the
    /// bell's kinematics are inferred through a lever (see `notes`).
    public var placement: SensorPlacement?
    /// How the placement was decided: "user" (flag, manifest), "recording" (the file says, e.g.
    /// Sensor Logger's WristMotion.csv), "usual" (nobody said: bell for swings, hips for hip pulls).
    public var placementSource: PlacementSource?
    /// A bell sensor's position on the bell and the lever used to reach the centre of mass
    /// (swings with placement "bell" only; nil otherwise).
    public var bellSensor: BellSensorReport?

    public init(path: String, format: String, kind: String, durationS: Double, startDate: Date? = nil,
                quality: DataQuality?, orientationMethod: OrientationMethod?,
                placement: SensorPlacement? = nil, placementSource: PlacementSource? = nil,
                bellSensor: BellSensorReport? = nil) {
        self.bellSensor = bellSensor
        self.path = path
        self.format = format
        self.kind = kind
        self.durationS = durationS
        self.startDate = startDate
        self.quality = quality
        self.orientationMethod = orientationMethod
        self.placement = placement
        self.placementSource = placementSource
    }
}

/// The analysis of one recording: its input, the sets found, and what the numbers mean.
public struct SessionAnalysis: Sendable, Codable, Equatable {
    /// Version of this JSON layout; bump on any change that breaks a reader.
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    /// Version of HipDrive that produced it.
    public var softwareVersion: String
    public var input: AnalysisInput
    public var exercise: Exercise
    public var load: LoadSpecification
    /// "W" when absolute power is reported, "W/kg" when only per-kg values are, "none" when the
    /// input cannot give power (hip pull without a band, uncalibrated audio).
    public var powerUnit: String
    /// True when power comes from calibrated audio or another estimate, not a measured motion.
    public var powerIsEstimate: Bool
    public var sets: [SetAnalysis]
    /// Fallbacks and caveats, in plain words ("accelerometer only: reduced accuracy").
    public var notes: [String]

    public init(schemaVersion: Int = SessionAnalysis.currentSchemaVersion, softwareVersion: String,
                input: AnalysisInput, exercise: Exercise, load: LoadSpecification,
                powerUnit: String, powerIsEstimate: Bool = false, sets: [SetAnalysis],
                notes: [String] = []) {
        self.schemaVersion = schemaVersion
        self.softwareVersion = softwareVersion
        self.input = input
        self.exercise = exercise
        self.load = load
        self.powerUnit = powerUnit
        self.powerIsEstimate = powerIsEstimate
        self.sets = sets
        self.notes = notes
    }

    /// All reps of all sets.
    public var totalReps: Int { sets.reduce(0) { $0 + $1.reps.count } }
}

/// The version of HipDrive, written into every analysis and store row.
///
/// Raise it whenever a change moves any number an analysis prints: the store's settings
/// fingerprint includes it, so `hipdrive batch` re-analyses recordings that an older version
/// stored instead of skipping them as unchanged. 0.2.0 (2026-11-27): a bell's stop behind the
/// rate's reversal, the hike without a gyroscope, hip pulls across a gap without one.
/// 0.3.0 (2026-11-27): without a gyroscope, the breakdown rep from a change point when the data
/// shows one, the pick-up at a recording's start and the park at its end, and bell turnarounds
/// where the arm would push the bell. 0.4.0 (2026-11-27): with a gyroscope, a bell's first
/// turnaround out of the hike and last one into the park where its centre of mass stops (from
/// the rest before and after); without one, the hike's stop and the park's swing are no floats
/// on a bell, standing up after the park is no rep on a wrist, and a wrist's last turnaround.
/// 0.4.1 (2026-11-27): without a gyroscope, a bell's float must hold for 0.1 s (the hips' snap
/// after the hike is none) and the park yields to the float in the set's rhythm; tables whose
/// units the header does not state are read in the units their values show (a file that only
/// looks like a known logger's was read 9.8x or 57x off).
/// 0.4.2 (2026-11-27): without a gyroscope, a swing set's first turnaround (after the hike) is
/// checked against the set's drive time, and a turnaround the pendulum fit cannot place (on a
/// watch, any) against the set's fall and drive; the reps' mean drive power, and the set's
/// reference and losses, move where a stop had been put 0.1–0.45 s off; tired low swings after a
/// breakdown continue the set's chain when they keep its rhythm over two reps (counts move).
/// The IMU loggers' format label names the times read.
/// 0.4.3 (2026-11-27): without a gyroscope, a swing rep whose pendulum fit turned against its
/// set's other reps is fitted again turning with them (AccelerometerOnlyDriveSense.swift): its
/// mean drive power, work and peak speed move, and with them the set's losses and breakdown.
/// Counts move: the park's stop behind the legs is no float; recordings with an orientation but
/// no gyroscope are counted by their floats (swings) or the pelvis's tilt (hip pulls); reps across
/// a gap come from the gap, not from a pause next to it; a piece cut off by a pause takes the
/// set's rhythm. A Sensor Logger user-acceleration file is no longer read as total acceleration.
/// 0.4.4 (2026-11-27): counts move without a gyroscope. Swings: low tired swings whose bottom
/// passes read 1.10–1.15 g keep the set's chain; where the chosen "floats" hold no float's load
/// and the minima between them do, those are the floats (AccelerometerOnlyFloatChain.swift); a
/// cycle in the set's rhythm is held to a low swing's standard.
/// Hip pulls: the last drive is looked for within the set's drive time, not in the walk back
/// upright after it; a drive that does not come back before the walk is the last; a piece after
/// a pause is judged with the set's drives; a phone export's recorded gravity gives the pelvis's
/// tilt for the stops. With a gyroscope, a hip-pull drive into a hold before a pause is judged
/// with the drives after the pause.
/// 0.4.5 (2026-11-27): a swing recorded at the hips (`--placement hips`) is counted from the hip
/// hinge with no bell power (it was analysed as a bell's motion and printed its W/kg). A hip
/// pull whose pelvis barely turns is counted and measured from the hips' travel, with or without
/// a gyroscope (HipPullWithoutPitch.swift; with one no set was found). Audio: a tired rep's
/// sound between two rep sounds counts by its rhythm, and a swing's rep period is 1.2–4 s.
/// 0.4.6 (2026-11-27): banded hip pulls report the power at the belt sensor's own point, where
/// the band pulls (the hinge fit's hip-joint travel plus its lever's turning), not at the hip
/// joint: hip-pull power, work, speed and stroke move; counts do not. `--band-offset` for a sensor
/// away from the band. Swings at the hips: the hips' short drive lobe counts, and a set's first
/// drive is timed from its set's rhythm (it started at the pick-up).
/// 0.4.7 (2026-11-27): swings recorded at the hips without a gyroscope are counted (the stand-up
/// test read the pelvis's tilt from a 0.3 Hz orientation that a swing's hinge barely moves, and
/// dropped most reps; SwingAtHipsStandUp.swift): counts and times of those sessions move.
/// 0.4.8 (2026-11-28): the gyroscope's zero-rate offset is measured where the sensor is really
/// still (not while it settles after a stop) and carried to a segment without a still moment;
/// a hip pull's last drive into standing is compared with the set's drives on their travel in a
/// gyroscope-carried frame (WorldFrame.swift, HipPullPosture.swift): gyroscope recordings' power
/// moves slightly, and hip-pull sets that lost their last rep after a data gap count it.
/// 0.4.9 (2026-11-28): a hip pull's lockout is its arrival measured on the approach (it came a
/// sample late), and with a gyroscope every set's band stretch counts from the first set's normal
/// turnaround: hip-pull drive time, mean drive power and work move (a few percent); a hip pull's
/// rep into a breakdown counts, and without a gyroscope a slow last drive into standing; a
/// gyroscope run whose reps come at half its estimated period is analysed again at their spacing
/// (counts and the set's cadence can move); an accelerometer-only bell set started from the
/// hanging bell counts its first rep.
/// 0.4.10 (2026-11-28): accelerometer-only swings: on a wrist an overhead float's averaged |f| is
/// bounded (a push along the arm in a drive is no float); a run locked on half a rep is analysed
/// again at its reps' spacing; a run's first float is in its rhythm when the next follows a rep
/// later; audio: the rep sounds are cut at rests again after the timbre check (a rest's knocks no
/// longer join two sets into one group), and a peak's signature is looked for within 0.1 s
/// (counts can move).
/// 0.4.11 (2026-11-28): a swing's rhythm is looked for from 1.0 s a rep (was 0.75 s); an
/// accelerometer-only swing set locked on half the period takes a lone other set's period when
/// that one is clearly the more rhythmic; hip pulls: a rep whose turnaround barely tilts the
/// pelvis is not judged a stand-up by its tilt, and without a gyroscope a rep returning into a
/// breakdown's shallower turnaround needs a quarter of its drive back, not half, and its last
/// drive into standing may lean towards the mirrored hinge by log 1.8 (was 1.5) more than the set's
/// drives (counts can move).
/// 0.4.12 (2026-11-28): swings with a gyroscope: a park is judged wherever it closes a stretch of
/// reps, not only as the run's last cycle; without a gyroscope the bell (forearm) at rest after
/// the park also holds its direction in the sensor's frame, and the park's minimum yields its
/// place to a low swing a rep after the apex before it; hip pulls without a gyroscope: a last
/// drive's hinge residual may reach 0.1 m/s² whatever its drives'; with a gyroscope a tired
/// swing of 40–60° that continues full swings counts without floating; a low swing's return is
/// judged at the deepest minimum that a pass leads into and a drive leaves (counts can move).
/// 0.4.13 (2026-11-28): accelerometer-only swings: a run none of whose samples reaches 1.5 g
/// takes the arm's direction from its own strongest loads (weak swings at a watch counted), a
/// piece carrying a set on across a data gap may open with low swings, and the hike is weighed
/// against the set's opening floats where they passed the bottom harder, and a minimum chosen only
/// because a yielding one kept a deeper float out steps aside with it; audio: a hole inside a
/// set is filled by a sound on the beat whatever its timbre, the same-sound cutoff is not lowered
/// below 0.75, and the half period is judged on the intervals inside sets (counts can move).
/// 0.4.14 (2026-11-28): audio: each group of rep sounds is timed by its own sounds' spacing, not
/// the period of the whole recording's onset autocorrelation (counts can move); a refused
/// user-acceleration table that averages about 1 is pointed to --units accel=g.
/// 0.4.15 (2026-11-28): accelerometer-only swings: the stops behind the legs chosen as a set's
/// deepest minima are chained even when their load passes for no float, and give way to clear
/// floats between them; a rep counted across a data gap from both sides of it is one rep; with
/// a gyroscope, a set's closing cycle whose apex is no higher than its turnaround is the park
/// (counts can move).
/// 0.4.16 (2026-11-28): accelerometer-only swings: a turnaround whose drive would take less than
/// 0.4 or more than 0.6 of the float-to-float time moves to a competing |f| dip inside that band
/// (the swing's two halves), unless the fit has the arm turning there; on a forearm only where
/// the fit judged the dips (turnaround times and power move; counts do not).
/// 0.4.17 (2026-11-28): accelerometer-only swings: a low swing's apex may read up to g·cos 20°
/// along the arm (was g·cos 25°) and still continue a tired set (counts can move).
/// 0.4.18 (2026-11-28): accelerometer-only bells: a chosen minimum that breaks a tired set's chain
/// of low swings gives way to one that goes on in the set's rhythm, when the set goes on after it
/// (counts can move).
/// 0.4.19 (2026-11-28): bells with a gyroscope: where the rate reverses the same way more than
/// once near a turnaround (the bell wobbling in the grip), the turnaround is the crossing nearer
/// the bell's rest and the swing's rhythm (GyroTurnaroundAtRest.swift; turnaround times and power
/// move, counts can).
/// 0.4.20 (2026-11-28): hip pulls with a gyroscope: the lockout is the pelvis's stop where the
/// sensor's own path puts it elsewhere (a sensor at the back of the belt); hip pulls: a drive in
/// which the sensor's own point does not move forward has its power withheld, with a note (power
/// and lockout times move; counts do not).
/// 0.4.21 (2026-11-29): accelerometer-only swings: a run of chosen minima that hold no float's
/// load, between two chosen floats and out of the set's rhythm, yields to the floats between
/// those two that space the stretch in the rhythm (AccelerometerOnlyFloatChain.swift,
/// `floatsBesideStops`; counts can move). A piece after a data gap that opens on a float carries
/// the set's rhythm on from it, as one opening on a low swing did; and the reps counted across a
/// gap are counted at the pace of the measured reps next to it, not at the run's period (counts
/// can move). Hip pulls with a gyroscope: a set's last drive ending standing is judged on its
/// travel per radian against the three drives before it, not the whole run (counts can move).
/// 0.4.22 (2026-11-29): accelerometer-only bells: a set's last low swing counts when the bell
/// falls back from it through the bottom and comes to rest later than 0.7 of a period after it
/// (the park), as it does when it falls into a turnaround and is driven out of it
/// (AccelerometerOnlyLowSwing.swift, `lowSwingEndsInPark`; counts can move).
/// 0.4.23 (2026-11-29): accelerometer-only watches: a float that does not go on from the set must
/// hold a float's load for ±0.1 s (walking after the park dips it for a step's tenth of a second;
/// counts can move).
/// 0.4.24 (2026-11-29): accelerometer-only bells: a minimum before the set's first swung float is
/// set aside as the hike's stop on the load it holds over ±0.1 s, not on its lowest 50 ms (counts
/// can move).
/// 0.4.25 (2026-11-29): accelerometer-only bells: a minimum's drive-pass window is read before
/// the analysed span where the recording was measured (a hike picked up late by the activity
/// passed for a float; counts can move).
/// 0.4.26 (2026-11-29): accelerometer-only swings: the last backswing into the park gives its
/// place to the last rep's float (an American set's last rep was lost to it; counts can move).
/// 0.4.27 (2026-11-29): accelerometer-only bells: the stops chosen at a set's opening, out of the
/// rhythm with its first chosen float, give way to the floats back from it (a ball's-side sensor
/// lost a set's first two reps; counts can move).
/// 0.4.28 (2026-11-29): accelerometer-only swings: the last backswing into the park gives way to
/// the last float also after a braked last fall (counts can move).
public enum HipDriveVersion {
    public static let string = "0.4.28"
}

// MARK: - JSON with explicit nulls
//
// The JSON contract says "null where not measurable": a reader must see every key, so the
// encoders below write nil as null instead of leaving the key out (the synthesized encoders
// would omit it). Decoding stays synthesized and accepts both.

extension KeyedEncodingContainer {
    /// Encodes `value`, writing JSON null for nil.
    mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

extension RepMetrics {
    enum CodingKeys: String, CodingKey {
        case index, start, end, turnaround, apex, peakPowerW, meanDrivePowerW, workJ, peakPowerWPerKg,
             meanDrivePowerWPerKg, workJPerKg, peakSpeedMps, driveTimeS, repTimeS, displacementM,
             relativeDriveIndex, smoothnessSPARC, shapeCorrelation
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(turnaround, forKey: .turnaround)
        try c.encodeOrNull(apex, forKey: .apex)
        try c.encodeOrNull(peakPowerW, forKey: .peakPowerW)
        try c.encodeOrNull(meanDrivePowerW, forKey: .meanDrivePowerW)
        try c.encodeOrNull(workJ, forKey: .workJ)
        try c.encodeOrNull(peakPowerWPerKg, forKey: .peakPowerWPerKg)
        try c.encodeOrNull(meanDrivePowerWPerKg, forKey: .meanDrivePowerWPerKg)
        try c.encodeOrNull(workJPerKg, forKey: .workJPerKg)
        try c.encodeOrNull(peakSpeedMps, forKey: .peakSpeedMps)
        try c.encodeOrNull(driveTimeS, forKey: .driveTimeS)
        try c.encode(repTimeS, forKey: .repTimeS)
        try c.encodeOrNull(displacementM, forKey: .displacementM)
        try c.encodeOrNull(relativeDriveIndex, forKey: .relativeDriveIndex)
        try c.encodeOrNull(smoothnessSPARC, forKey: .smoothnessSPARC)
        try c.encodeOrNull(shapeCorrelation, forKey: .shapeCorrelation)
    }
}

extension PowerLoss {
    enum CodingKeys: String, CodingKey { case peak, meanDrive }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(peak, forKey: .peak)
        try c.encodeOrNull(meanDrive, forKey: .meanDrive)
    }
}

extension ThresholdCrossing {
    enum CodingKeys: String, CodingKey { case thresholdPct, rep }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(thresholdPct, forKey: .thresholdPct)
        try c.encodeOrNull(rep, forKey: .rep)
    }
}

extension FatigueBreakdown {
    enum CodingKeys: String, CodingKey {
        case powerLossPct, velocityLossPct, slopePctPerRep, breakdownRep, breakdownThreshold, workShare,
             tempoShare, smoothnessDrift, shapeConsistencyLast, repVariabilityCVPct, cadenceStartRpm,
             cadenceEndRpm, cadenceDriftPct, thresholdCrossings, confidence, qualityNotes,
             breakdownConfidence, repNoisePct, breakdownWithheldRep, breakdownChangePointEvidence
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(powerLossPct, forKey: .powerLossPct)
        try c.encodeOrNull(velocityLossPct, forKey: .velocityLossPct)
        try c.encodeOrNull(slopePctPerRep, forKey: .slopePctPerRep)
        try c.encodeOrNull(breakdownRep, forKey: .breakdownRep)
        try c.encode(breakdownThreshold, forKey: .breakdownThreshold)
        try c.encodeOrNull(workShare, forKey: .workShare)
        try c.encodeOrNull(tempoShare, forKey: .tempoShare)
        try c.encodeOrNull(smoothnessDrift, forKey: .smoothnessDrift)
        try c.encodeOrNull(shapeConsistencyLast, forKey: .shapeConsistencyLast)
        try c.encodeOrNull(repVariabilityCVPct, forKey: .repVariabilityCVPct)
        try c.encodeOrNull(cadenceStartRpm, forKey: .cadenceStartRpm)
        try c.encodeOrNull(cadenceEndRpm, forKey: .cadenceEndRpm)
        try c.encodeOrNull(cadenceDriftPct, forKey: .cadenceDriftPct)
        try c.encode(thresholdCrossings, forKey: .thresholdCrossings)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(qualityNotes, forKey: .qualityNotes)
        try c.encodeOrNull(breakdownConfidence, forKey: .breakdownConfidence)
        try c.encodeOrNull(repNoisePct, forKey: .repNoisePct)
        try c.encodeOrNull(breakdownWithheldRep, forKey: .breakdownWithheldRep)
        try c.encodeOrNull(breakdownChangePointEvidence, forKey: .breakdownChangePointEvidence)
    }
}

extension SetAnalysis {
    enum CodingKeys: String, CodingKey { case index, start, end, cadenceRpm, reps, fatigue }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encodeOrNull(cadenceRpm, forKey: .cadenceRpm)
        try c.encode(reps, forKey: .reps)
        try c.encodeOrNull(fatigue, forKey: .fatigue)
    }
}

extension LoadSpecification {
    enum CodingKeys: String, CodingKey { case massKg, band, audioFloatHeightM }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(massKg, forKey: .massKg)
        try c.encodeOrNull(band, forKey: .band)
        try c.encodeOrNull(audioFloatHeightM, forKey: .audioFloatHeightM)
    }
}

extension AnalysisInput {
    enum CodingKeys: String, CodingKey {
        case path, format, kind, durationS, startDate, quality, orientationMethod, placement, placementSource, bellSensor
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(format, forKey: .format)
        try c.encode(kind, forKey: .kind)
        try c.encode(durationS, forKey: .durationS)
        try c.encodeOrNull(startDate, forKey: .startDate)
        try c.encodeOrNull(quality, forKey: .quality)
        try c.encodeOrNull(orientationMethod, forKey: .orientationMethod)
        try c.encodeOrNull(placement, forKey: .placement)
        try c.encodeOrNull(placementSource, forKey: .placementSource)
        try c.encodeOrNull(bellSensor, forKey: .bellSensor)
    }
}
