import Foundation
import HipDriveRecordings

/// Everything the simulator can vary, with defaults that describe a plausible session: one set of
/// 15 two-hand Russian swings with a 16 kg bell, a bell-mounted IMU with gyroscope at 100 Hz.
///
/// Units are SI unless the name says otherwise (`Deg`, `G`, `PerMin`). The whole session is a
/// pure function of this value: the same config (including `seed`) gives the same samples.
///
/// ```swift
/// var config = SimulationConfig(seed: 7)
/// config.fatigue = .init(kind: .breakdown, lossFraction: 0.35, breakdownRep: 12)
/// let session = Simulator.simulate(config)
/// print(session.truth.sets[0].reps.map(\.meanDrivePowerW))
/// ```
public struct SimulationConfig: Codable, Sendable, Equatable {
    public enum Exercise: String, Codable, Sendable, CaseIterable {
        case swing
        case hipPull = "hip-pull"
    }

    /// Russian: the bell floats at about shoulder height with the arm near horizontal.
    /// American: the bell goes overhead.
    public enum SwingStyle: String, Codable, Sendable, CaseIterable {
        case russian, american
    }

    /// One-hand swings add a twist of the bell about the forearm (pronation/supination).
    public enum Hands: String, Codable, Sendable, CaseIterable {
        case two, one
    }

    /// Where the sensor sits: on the bell handle, on the wrist (a smaller radius from the
    /// shoulder than the bell), or on the belt at the hips.
    public enum Placement: String, Codable, Sendable, CaseIterable {
        case bell, wrist, hips
    }

    /// Where on the bell a bell sensor (placement `bell`) is fixed. `handle`: strapped to the
    /// handle at the grip, the usual place, `gripToBellM` nearer the shoulder than the bell's
    /// centre of mass; it turns with the bell (the bell pivots in the grip, and the sensor with
    /// it). `centre`: at the bell's centre of mass (an idealised mount, or a sensor inside the
    /// bell). The truth is the centre of mass either way.
    public enum BellMount: String, Codable, Sendable, CaseIterable {
        case handle, centre
    }

    /// How a hip-pull set ends. `hinge`: the last rep returns into a turnaround, and the athlete
    /// stands up out of it while stepping back towards the anchor to slacken the band (the last
    /// return ends the last rep). `lockout`: the last drive ends standing tall at lockout, and the
    /// athlete then steps back upright (the last rep ends at the lockout's hold), as most sets
    /// of pull-throughs end.
    public enum HipPullFinish: String, Codable, Sendable, CaseIterable {
        case hinge, lockout
    }

    public enum FatigueKind: String, Codable, Sendable, CaseIterable {
        /// Rep-to-rep variability only.
        case none
        /// Mean drive power declines linearly from the first to the last rep of each set.
        case decline
        /// The set holds up until `breakdownRep`, then mean drive power drops and stays down.
        case breakdown
    }

    /// How each set fatigues. The loss is split between less work per rep (a lower float, less
    /// speed) and a slower drive, so that mean drive power = work / drive time loses
    /// `lossFraction` at full fatigue: ln(P/P₀) = ln(W/W₀) − ln(T/T₀).
    public struct Fatigue: Codable, Sendable, Equatable {
        public var kind: FatigueKind
        /// Fraction of mean drive power lost at full fatigue (last rep for `decline`, from the
        /// breakdown rep on for `breakdown`), 0…0.8.
        public var lossFraction: Double
        /// 1-based rep at which a `breakdown` profile drops (ignored otherwise).
        public var breakdownRep: Int
        /// Share of the log power loss that comes from less work per rep; the rest is a slower
        /// drive. 0…1.
        public var workShare: Double

        public init(kind: FatigueKind = .none, lossFraction: Double = 0.3, breakdownRep: Int = 10,
                    workShare: Double = 0.6) {
            self.kind = kind
            self.lossFraction = lossFraction
            self.breakdownRep = breakdownRep
            self.workShare = workShare
        }
    }

    /// An elastic band anchored behind the athlete, pulling the hips backward with
    /// F = k · max(0, d − slack), where d is the distance from the anchor to the hips.
    public struct Band: Codable, Sendable, Equatable {
        /// Stiffness k, N/m.
        public var stiffnessNPerM: Double
        /// Band length at which it starts to pull, m. The hips at the turnaround (furthest back)
        /// sit `distanceAtTurnaroundM` from the anchor.
        public var slackM: Double
        /// Distance from the anchor to the hips at the turnaround, m.
        public var distanceAtTurnaroundM: Double

        public init(stiffnessNPerM: Double = 180, slackM: Double = 0.9, distanceAtTurnaroundM: Double = 1.2) {
            precondition(stiffnessNPerM > 0, "band stiffness must be positive")
            self.stiffnessNPerM = stiffnessNPerM
            self.slackM = slackM
            self.distanceAtTurnaroundM = distanceAtTurnaroundM
        }

        /// The band a user describes by its tension at lockout and the pull distance (stroke) from
        /// turnaround to lockout: the band is taken to be just taut at the turnaround, so
        /// k = tension / stroke (the convention `hipdrive analyze --band-tension --band-stroke` uses).
        public static func lockout(tensionN: Double, strokeM: Double, distanceAtTurnaroundM: Double = 1.2) -> Band {
            precondition(tensionN > 0 && strokeM > 0, "band tension and stroke must be positive")
            return Band(stiffnessNPerM: tensionN / strokeM, slackM: distanceAtTurnaroundM,
                        distanceAtTurnaroundM: distanceAtTurnaroundM)
        }
    }

    /// Body proportions of the simulated athlete, m. The shoulder is the swing's pivot; it moves
    /// with the hip hinge (the hips travel back and drop, the torso pitches forward).
    public struct Athlete: Codable, Sendable, Equatable {
        /// Shoulder to the bell's centre of mass with the bell in line with the arm, m.
        public var bellRadiusM: Double
        /// Grip to the bell's centre of mass, m: the bell pivots in the hand, so it can rotate
        /// relative to the arm (flipping back behind the legs, tipping over at the float). A
        /// handle-mounted sensor sits at the grip, this far from the centre of mass.
        public var gripToBellM: Double
        /// Shoulder to the wrist, m (smaller than `bellRadiusM`).
        public var wristRadiusM: Double
        /// A wrist sensor (watch) in front of the arm's line, m: a watch sits on the back of the
        /// wrist, and the back of the hand faces forward at the bottom of a swing (knuckles
        /// forward, palms to the body). The wrist is 3.5–4.5 cm thick front to back, so its
        /// mid-line, through which the shoulder → grip line runs, is ~2 cm under the skin and
        /// the sensor half a case (~0.5 cm) above it.
        public var watchForwardM: Double
        /// Hip joint to shoulder, m.
        public var torsoLengthM: Double
        /// Height of the hip joint standing tall, m.
        public var hipHeightM: Double
        /// How far the hips travel back at full hinge, m.
        public var hipTravelM: Double
        /// How far the hips drop (knee bend) at full hinge, m.
        public var kneeDropM: Double
        /// Torso pitch from vertical at the backswing turnaround, degrees.
        public var hingeDepthDeg: Double
        /// Belt sensor (hips placement) relative to the hip joint in the pelvis frame, m:
        /// forward (front of the belt) and up (the belt sits at or above the hip joint).
        public var beltForwardM: Double
        public var beltUpM: Double
        /// Hip pull: pelvis pitch at the turnaround of a 0.35 m stroke, degrees, and how far the
        /// hips drop there, m (both scale with the stroke).
        public var pullPelvisPitchDeg: Double
        public var pullHipDropM: Double
        /// Hip pull: how the pelvis angle bends against the hips' travel, β in P·(d + β·d·(1 − d))
        /// for a hinge depth d (0 = linear; about ±0.4 spans early and late pelvis rotation).
        public var pullPitchCurvature: Double

        public init(bellRadiusM: Double = 0.72, gripToBellM: Double = 0.13, wristRadiusM: Double = 0.52,
                    watchForwardM: Double = 0.025, torsoLengthM: Double = 0.52,
                    hipHeightM: Double = 0.95, hipTravelM: Double = 0.22, kneeDropM: Double = 0.12,
                    hingeDepthDeg: Double = 62, beltForwardM: Double = 0.12, beltUpM: Double = 0,
                    pullPelvisPitchDeg: Double = 50, pullHipDropM: Double = 0.04, pullPitchCurvature: Double = 0) {
            self.pullPitchCurvature = pullPitchCurvature
            precondition(wristRadiusM < bellRadiusM - gripToBellM, "the wrist is closer to the shoulder than the grip")
            self.beltForwardM = beltForwardM
            self.beltUpM = beltUpM
            self.pullPelvisPitchDeg = pullPelvisPitchDeg
            self.pullHipDropM = pullHipDropM
            self.bellRadiusM = bellRadiusM
            self.gripToBellM = gripToBellM
            self.wristRadiusM = wristRadiusM
            self.watchForwardM = watchForwardM
            self.torsoLengthM = torsoLengthM
            self.hipHeightM = hipHeightM
            self.hipTravelM = hipTravelM
            self.kneeDropM = kneeDropM
            self.hingeDepthDeg = hingeDepthDeg
        }

        /// Configurations written before a field existed still load: a missing field keeps its
        /// default.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Athlete()
            self.init(bellRadiusM: try c.decodeIfPresent(Double.self, forKey: .bellRadiusM) ?? d.bellRadiusM,
                      gripToBellM: try c.decodeIfPresent(Double.self, forKey: .gripToBellM) ?? d.gripToBellM,
                      wristRadiusM: try c.decodeIfPresent(Double.self, forKey: .wristRadiusM) ?? d.wristRadiusM,
                      watchForwardM: try c.decodeIfPresent(Double.self, forKey: .watchForwardM) ?? d.watchForwardM,
                      torsoLengthM: try c.decodeIfPresent(Double.self, forKey: .torsoLengthM) ?? d.torsoLengthM,
                      hipHeightM: try c.decodeIfPresent(Double.self, forKey: .hipHeightM) ?? d.hipHeightM,
                      hipTravelM: try c.decodeIfPresent(Double.self, forKey: .hipTravelM) ?? d.hipTravelM,
                      kneeDropM: try c.decodeIfPresent(Double.self, forKey: .kneeDropM) ?? d.kneeDropM,
                      hingeDepthDeg: try c.decodeIfPresent(Double.self, forKey: .hingeDepthDeg) ?? d.hingeDepthDeg,
                      beltForwardM: try c.decodeIfPresent(Double.self, forKey: .beltForwardM) ?? d.beltForwardM,
                      beltUpM: try c.decodeIfPresent(Double.self, forKey: .beltUpM) ?? d.beltUpM,
                      pullPelvisPitchDeg: try c.decodeIfPresent(Double.self, forKey: .pullPelvisPitchDeg) ?? d.pullPelvisPitchDeg,
                      pullHipDropM: try c.decodeIfPresent(Double.self, forKey: .pullHipDropM) ?? d.pullHipDropM,
                      pullPitchCurvature: try c.decodeIfPresent(Double.self, forKey: .pullPitchCurvature) ?? d.pullPitchCurvature)
        }
    }

    /// The IMU: where it is, how it is mounted, how it samples and how it errs.
    public struct Sensor: Codable, Sendable, Equatable {
        public var placement: Placement
        /// Where a bell sensor sits on the bell; nil: `.handle` (where people strap it). Ignored
        /// for the wrist and the hips. (Optional so that configurations written before it
        /// existed still load.)
        public var bellMount: BellMount?
        /// The bell mount actually used.
        public var effectiveBellMount: BellMount { bellMount ?? .handle }
        /// Mounting rotation (sensor frame relative to the bell/forearm/pelvis frame) as intrinsic
        /// x-y-z Euler angles, degrees. nil: drawn at random from the seed (any orientation).
        public var mountingEulerDeg: Vector3?
        /// Nominal accelerometer rate, Hz.
        public var sampleRateHz: Double
        /// Gyroscope rate, Hz; nil = same clock as the accelerometer. A different rate gives the
        /// gyroscope its own timestamps (phyphox, MetaWear).
        public var gyroSampleRateHz: Double?
        public var hasGyroscope: Bool
        /// Standard deviation of timestamp jitter, s.
        public var timestampJitterS: Double
        /// White noise per axis, standard deviation, m/s².
        public var accelNoiseMps2: Double
        /// White noise per axis, standard deviation, rad/s.
        public var gyroNoiseRadps: Double
        /// Largest constant bias per axis (each axis draws uniformly in ±this), m/s².
        public var accelBiasMps2: Double
        /// Largest constant bias per axis, rad/s.
        public var gyroBiasRadps: Double
        /// Accelerometer full-scale range, ±g.
        public var accelRangeG: Double
        /// Gyroscope full-scale range, ±deg/s.
        public var gyroRangeDps: Double
        /// Number of dropouts (no samples) placed at random in the session.
        public var gapCount: Int
        /// Length of each dropout, s.
        public var gapDurationS: Double
        /// Round readings to a 16-bit converter's step over the range.
        public var quantize: Bool
        /// Logger clock glitches in the written time column: a timestamp repeated or stepping
        /// back half a period (the readings themselves are right). 0 = a clean clock.
        public var timestampGlitchCount: Int

        public init(placement: Placement = .bell, mountingEulerDeg: Vector3? = nil, sampleRateHz: Double = 100,
                    gyroSampleRateHz: Double? = nil, hasGyroscope: Bool = true, timestampJitterS: Double = 0.001,
                    accelNoiseMps2: Double = 0.05, gyroNoiseRadps: Double = 0.01, accelBiasMps2: Double = 0.05,
                    gyroBiasRadps: Double = 0.01, accelRangeG: Double = 8, gyroRangeDps: Double = 2000,
                    gapCount: Int = 0, gapDurationS: Double = 1.5, quantize: Bool = true,
                    timestampGlitchCount: Int = 0, bellMount: BellMount? = nil) {
            precondition(sampleRateHz > 0, "sample rate must be positive")
            self.placement = placement
            self.bellMount = bellMount
            self.mountingEulerDeg = mountingEulerDeg
            self.sampleRateHz = sampleRateHz
            self.gyroSampleRateHz = gyroSampleRateHz
            self.hasGyroscope = hasGyroscope
            self.timestampJitterS = timestampJitterS
            self.accelNoiseMps2 = accelNoiseMps2
            self.gyroNoiseRadps = gyroNoiseRadps
            self.accelBiasMps2 = accelBiasMps2
            self.gyroBiasRadps = gyroBiasRadps
            self.accelRangeG = accelRangeG
            self.gyroRangeDps = gyroRangeDps
            self.gapCount = gapCount
            self.gapDurationS = gapDurationS
            self.quantize = quantize
            self.timestampGlitchCount = timestampGlitchCount
        }
    }

    /// The microphone: levels are peak amplitudes relative to full scale.
    public struct Audio: Codable, Sendable, Equatable {
        public var sampleRateHz: Double
        /// Room noise (brown-ish hum and hiss), RMS.
        public var roomNoiseLevel: Double
        /// The bell's whoosh at peak speed.
        public var whooshLevel: Double
        /// Exhale burst near the float.
        public var exhaleLevel: Double
        /// Clatter impulses (bell set down, plates, footsteps).
        public var clatterLevel: Double

        public init(sampleRateHz: Double = 8000, roomNoiseLevel: Double = 0.01, whooshLevel: Double = 0.12,
                    exhaleLevel: Double = 0.3, clatterLevel: Double = 0.6) {
            self.sampleRateHz = sampleRateHz
            self.roomNoiseLevel = roomNoiseLevel
            self.whooshLevel = whooshLevel
            self.exhaleLevel = exhaleLevel
            self.clatterLevel = clatterLevel
        }
    }

    /// Seed of every random draw (rep variability, mounting, noise, gaps, audio).
    public var seed: UInt64
    public var exercise: Exercise
    public var style: SwingStyle
    public var hands: Hands
    /// Bell mass, kg (swings).
    public var massKg: Double
    /// The band for hip pulls; nil for swings.
    public var band: Band?
    public var sets: Int
    public var repsPerSet: Int
    /// Rest between sets (bell on the floor, athlete standing), s.
    public var restS: Double
    /// Reps per minute at the start of a set; nil = typical for the exercise (Russian 34,
    /// American 28, hip pull 26).
    public var cadencePerMin: Double?
    public var fatigue: Fatigue
    /// Pick the bell up from the floor and hike it back before the first rep of each set.
    public var includeHike: Bool
    /// Set the bell down after the last rep of each set.
    public var includePark: Bool
    /// How each hip-pull set ends; nil: `.hinge`.
    public var hipPullFinish: HipPullFinish?
    /// Idle time before the first set and after the last, s.
    public var idleBeforeS: Double
    public var idleAfterS: Double
    /// Clatter events (knocks, a bell set down nearby) at random moments outside the sets.
    public var clatterCount: Int
    /// Pauses inside each set (sets of 5 reps or more): swings stop, the athlete stands holding
    /// the bell (hip pull: holds the lockout) for `pauseDurationS`, then the set goes on.
    public var pausesPerSet: Int
    public var pauseDurationS: Double
    /// Rep-to-rep coefficient of variation of float height, drive and fall time, hinge depth.
    public var repVariability: Double
    /// Wall-clock time of the first sample (written into formats that carry dates).
    public var startDate: Date
    public var athlete: Athlete
    public var sensor: Sensor
    public var audio: Audio

    public init(seed: UInt64 = 1, exercise: Exercise = .swing, style: SwingStyle = .russian,
                hands: Hands = .two, massKg: Double = 16, band: Band? = nil, sets: Int = 1,
                repsPerSet: Int = 15, restS: Double = 60, cadencePerMin: Double? = nil,
                fatigue: Fatigue = Fatigue(), includeHike: Bool = true, includePark: Bool = true,
                idleBeforeS: Double = 4, idleAfterS: Double = 4, clatterCount: Int = 0,
                pausesPerSet: Int = 0, pauseDurationS: Double = 3, repVariability: Double = 0.03,
                startDate: Date = Date(timeIntervalSince1970: 1_767_600_000),
                athlete: Athlete = Athlete(), sensor: Sensor = Sensor(), audio: Audio = Audio()) {
        self.seed = seed
        self.exercise = exercise
        self.style = style
        self.hands = hands
        self.massKg = massKg
        self.band = band
        self.sets = sets
        self.repsPerSet = repsPerSet
        self.restS = restS
        self.cadencePerMin = cadencePerMin
        self.fatigue = fatigue
        self.includeHike = includeHike
        self.includePark = includePark
        self.idleBeforeS = idleBeforeS
        self.idleAfterS = idleAfterS
        self.clatterCount = clatterCount
        self.pausesPerSet = pausesPerSet
        self.pauseDurationS = pauseDurationS
        self.repVariability = repVariability
        self.startDate = startDate
        self.athlete = athlete
        self.sensor = sensor
        self.audio = audio
    }

    /// A banded hip pull with a hip-mounted sensor and the default band.
    public static func hipPull(seed: UInt64 = 1) -> SimulationConfig {
        var config = SimulationConfig(seed: seed, exercise: .hipPull, band: Band())
        config.sensor.placement = .hips
        return config
    }

    /// The starting cadence actually used, reps/min.
    public var effectiveCadencePerMin: Double {
        if let cadencePerMin { return cadencePerMin }
        switch (exercise, style) {
        case (.hipPull, _): return 26
        case (.swing, .russian): return 34
        case (.swing, .american): return 28
        }
    }

    /// The band actually used for a hip pull (the default band when none is given).
    public var effectiveBand: Band { band ?? Band() }
}
