import Foundation
import HipDriveRecordings

/// What the simulated sensor recorded, before any file format: raw, irregular timestamps with
/// dropouts, and readings with the sensor's errors.
public struct SimulatedSensorSamples: Sendable {
    /// Accelerometer timestamps, s from session start (jittered, with gaps; increasing unless
    /// `timestampGlitchCount` put repeated or backward stamps in).
    public var time: [Double]
    /// Sensor-frame specific force R_sensorᵀ·(a − g⃗), m/s²: +1 g up at rest; noisy, biased,
    /// quantised and clipped at ±`accelRangeG`.
    public var specificForce: Axes
    /// Gyroscope timestamps, s (same as `time` unless the gyroscope has its own rate).
    public var gyroTime: [Double]?
    /// Sensor-frame angular velocity, rad/s; noisy, biased, clipped at ±`gyroRangeDps`.
    public var angularVelocity: Axes?
    /// True sensor-to-world rotation at each accelerometer timestamp (what a phone's
    /// orientation export would hold, without its errors).
    public var orientation: [Quaternion]
    /// True gravity as the accelerometer would see it (+g up, sensor frame), m/s², for formats
    /// that export gravity separately (Sensor Logger).
    public var gravity: Axes
    /// Accelerometer range, m/s², and gyroscope range, rad/s (full scale, one sign).
    public var accelRangeMps2: Double
    public var gyroRangeRadps: Double
}

/// One simulated session: the configuration, the ground truth, the raw sensor samples, and an
/// ideal trace (noise-free, uniformly sampled, true world frame) for testing analysis before or
/// without the readers.
public struct SimulatedSession: Sendable {
    public var config: SimulationConfig
    public var truth: SimulationTruth
    public var sensor: SimulatedSensorSamples
    /// Noise-free, uniform at `config.sensor.sampleRateHz`, no gaps; true world-frame linear
    /// acceleration of the sensor point (x = swing direction, z up), true specific force and
    /// angular velocity (nil without a gyroscope in the config), true orientation;
    /// `orientationMethod` is sensor fusion with a gyroscope, accelerometer-only without.
    public var idealTrace: MotionTrace
    /// The model the session was generated from (for audio and for tests that re-measure it).
    var body: BodyModel
}
