import Foundation

/// Three channels sampled together, stored as one array per axis (structure of arrays, so that
/// the DSP core can run on each axis without copying).
public struct Axes: Sendable, Equatable {
    public var x: [Double]
    public var y: [Double]
    public var z: [Double]

    public init(x: [Double], y: [Double], z: [Double]) {
        precondition(x.count == y.count && y.count == z.count, "axes must have equal lengths")
        self.x = x
        self.y = y
        self.z = z
    }

    public init(count: Int) {
        self.init(x: .init(repeating: 0, count: count), y: .init(repeating: 0, count: count),
                  z: .init(repeating: 0, count: count))
    }

    public var count: Int { x.count }

    public subscript(index: Int) -> Vector3 {
        get { Vector3(x[index], y[index], z[index]) }
        set { x[index] = newValue.x; y[index] = newValue.y; z[index] = newValue.z }
    }
}

/// A 3-vector in SI units; which frame it is in is said by the property holding it.
public struct Vector3: Sendable, Hashable, Codable {
    public var x: Double
    public var y: Double
    public var z: Double
    public init(_ x: Double, _ y: Double, _ z: Double) { self.x = x; self.y = y; self.z = z }
    public static let zero = Vector3(0, 0, 0)
}

/// A unit quaternion (w + xi + yj + zk) that rotates a sensor-frame vector into the world frame.
public struct Quaternion: Sendable, Hashable, Codable {
    public var w: Double
    public var x: Double
    public var y: Double
    public var z: Double
    public init(w: Double, x: Double, y: Double, z: Double) { self.w = w; self.x = x; self.y = y; self.z = z }
    public static let identity = Quaternion(w: 1, x: 0, y: 0, z: 0)
}

/// How the sensor-to-world rotation of a trace was obtained. Reported with every analysis.
public enum OrientationMethod: String, Sendable, Codable {
    /// Gyroscope and accelerometer fused (Madgwick filter; the gain is in `DataQuality.notes`).
    case sensorFusion = "sensor-fusion"
    /// The recording carried a gravity vector or an orientation quaternion (phone exports).
    case recordedOrientation = "recorded-orientation"
    /// Accelerometer alone: gravity estimated from low-passed specific force. Reduced accuracy.
    case accelerometerOnly = "accelerometer-only"
}

/// What a recording gave the analysis, measured, not assumed. Every analysis reports it.
public struct DataQuality: Sendable, Codable, Equatable {
    /// Sampling rate the raw timestamps deliver, Hz: intervals per second over the intervals that
    /// are not gaps (a median of millisecond-quantised, bunched BLE intervals can be off by 20 %;
    /// when the median interval suggests a higher nominal rate, `notes` says so).
    public var effectiveSampleRateHz: Double
    /// Standard deviation of the raw sampling interval, seconds.
    public var timestampJitterS: Double
    /// Intervals longer than the gap threshold (default 0.25 s or 5 sampling intervals).
    public var gapCount: Int
    /// Longest interval between consecutive raw samples, seconds.
    public var longestGapS: Double
    /// Share of accelerometer samples at the sensor's range on any axis, percent.
    public var clippedPercent: Double
    /// Share of gyroscope samples at the sensor's range on any axis, percent (nil without gyro).
    public var gyroClippedPercent: Double?
    /// The gyroscope's full-scale range, rad/s, when samples were found saturated at it (nil
    /// otherwise): rates at this level are not measurements.
    public var gyroRangeRadps: Double?
    /// Samples dropped while reading: duplicate or backwards timestamps, unparseable rows.
    public var droppedSamples: Int
    public var hasGyroscope: Bool
    public var hasGravity: Bool
    public var hasOrientation: Bool
    /// Which fallbacks the reading needed, in plain words ("accelerometer only: ...").
    public var notes: [String]

    public init(effectiveSampleRateHz: Double, timestampJitterS: Double, gapCount: Int,
                longestGapS: Double, clippedPercent: Double, gyroClippedPercent: Double? = nil,
                droppedSamples: Int = 0, hasGyroscope: Bool, hasGravity: Bool,
                hasOrientation: Bool, notes: [String] = []) {
        self.effectiveSampleRateHz = effectiveSampleRateHz
        self.timestampJitterS = timestampJitterS
        self.gapCount = gapCount
        self.longestGapS = longestGapS
        self.clippedPercent = clippedPercent
        self.gyroClippedPercent = gyroClippedPercent
        self.droppedSamples = droppedSamples
        self.hasGyroscope = hasGyroscope
        self.hasGravity = hasGravity
        self.hasOrientation = hasOrientation
        self.notes = notes
    }
}

/// A clean motion recording: uniformly sampled, in SI units, rotated into the world frame.
///
/// World frame: z up; x and y horizontal. The heading (which horizontal direction is x) is not
/// known from an IMU alone; analysis aligns x with the swing direction (the principal horizontal
/// axis of motion) before it reports forward quantities.
///
/// Samples inside a gap longer than the reader's threshold are not invented: `segments` lists
/// the index ranges that hold measured data, and analysis treats each one separately. Inside a
/// gap the arrays hold zeros.
public struct MotionTrace: Sendable {
    /// Uniform sampling rate of every channel, Hz.
    public var sampleRate: Double
    /// Time of sample 0 on the recording's own clock, seconds (0 = first raw sample).
    public var startTime: Double
    /// Wall-clock time of sample 0 when the file holds one (epoch or ISO-8601 timestamps).
    public var startDate: Date?
    /// World-frame linear acceleration (gravity removed), m/s².
    public var linearAcceleration: Axes
    /// Sensor-frame specific force (what the accelerometer measures, +1 g up at rest), m/s².
    public var specificForce: Axes
    /// Sensor-frame angular velocity, rad/s, when a gyroscope was recorded.
    public var angularVelocity: Axes?
    /// Sensor-to-world rotation per sample.
    public var orientation: [Quaternion]
    public var orientationMethod: OrientationMethod
    /// Index ranges holding measured data; gaps lie between them.
    public var segments: [Range<Int>]
    public var quality: DataQuality

    public init(sampleRate: Double, startTime: Double = 0, startDate: Date? = nil,
                linearAcceleration: Axes, specificForce: Axes, angularVelocity: Axes?,
                orientation: [Quaternion], orientationMethod: OrientationMethod,
                segments: [Range<Int>]? = nil, quality: DataQuality) {
        precondition(sampleRate > 0, "sample rate must be positive")
        precondition(linearAcceleration.count == specificForce.count)
        precondition(orientation.count == specificForce.count)
        self.sampleRate = sampleRate
        self.startTime = startTime
        self.startDate = startDate
        self.linearAcceleration = linearAcceleration
        self.specificForce = specificForce
        self.angularVelocity = angularVelocity
        self.orientation = orientation
        self.orientationMethod = orientationMethod
        self.segments = segments ?? [0..<specificForce.count]
        self.quality = quality
    }

    /// Number of samples.
    public var count: Int { specificForce.count }
    /// Duration covered by the samples, seconds.
    public var duration: Double { Double(count) / sampleRate }
    /// Time of sample `index`, seconds, on the recording's clock.
    public func time(at index: Int) -> Double { startTime + Double(index) / sampleRate }
}

/// A clean audio recording reduced to traces the rep finder can use: an onset-strength trace
/// (spectral flux of the log-magnitude STFT) and an RMS envelope, both at `traceRate`.
/// The spectral envelope of one sound: per coarse mel band, its level in dB above that band's
/// median level over the whole recording (the room's floor), at the sound's loudest in the
/// 90 ms after its onset.
public struct SoundSignature: Sendable, Equatable {
    /// Index of the onset frame in the trace (`AudioTrace.onsetStrength`).
    public var frame: Int
    /// dB above the band's floor, low to high frequency.
    public var bandLevelsDB: [Float]

    public init(frame: Int, bandLevelsDB: [Float]) {
        self.frame = frame
        self.bandLevelsDB = bandLevelsDB
    }
}

public struct AudioTrace: Sendable {
    /// Rate of `onsetStrength` and `rmsEnvelope`, Hz (about 100 Hz).
    public var traceRate: Double
    /// Half-wave-rectified spectral flux per frame, arbitrary units (≥ 0).
    public var onsetStrength: [Double]
    /// RMS of the mono mix per frame, full scale = 1.
    public var rmsEnvelope: [Double]
    /// The audio file's own sample rate, Hz.
    public var audioSampleRate: Double
    public var channels: Int
    /// Duration of the audio, seconds.
    public var duration: Double
    /// libsndfile's name for the container and encoding, e.g. "WAV (PCM 16)".
    public var formatDescription: String
    /// The spectral shape of each distinct sound (the strongest onset within ±0.15 s), in time
    /// order: what tells a recurring rep sound from a one-off knock. Empty when not computed.
    public var soundSignatures: [SoundSignature]

    public init(traceRate: Double, onsetStrength: [Double], rmsEnvelope: [Double],
                audioSampleRate: Double, channels: Int, duration: Double, formatDescription: String,
                soundSignatures: [SoundSignature] = []) {
        self.soundSignatures = soundSignatures
        self.traceRate = traceRate
        self.onsetStrength = onsetStrength
        self.rmsEnvelope = rmsEnvelope
        self.audioSampleRate = audioSampleRate
        self.channels = channels
        self.duration = duration
        self.formatDescription = formatDescription
    }
}

/// What a reader made of a recording: motion or audio, with what was detected about it.
public enum RecordingContent: Sendable {
    case motion(MotionTrace)
    case audio(AudioTrace)
}

/// A recording as read: where it came from, what was detected, and the clean trace.
public struct Recording: Sendable {
    /// The file or folder (or zip) the user named.
    public var source: URL
    /// The detected flavour, e.g. "Physics Toolbox Sensor Suite", "phyphox", "WAV audio".
    public var format: String
    /// Columns used and their units as found, e.g. ["Ax (g)", "Gx (deg/s)"].
    public var columns: [String]
    public var content: RecordingContent

    public init(source: URL, format: String, columns: [String], content: RecordingContent) {
        self.source = source
        self.format = format
        self.columns = columns
        self.content = content
    }
}
