import Foundation

/// Merges one recording's cleaned streams onto one uniform grid and builds the `MotionTrace`.
enum TraceAssembler {
    /// Largest trace HipDrive builds (samples), so a bad time unit cannot exhaust memory.
    static let maximumSamples = 50_000_000

    static func assemble(_ rawStreams: [SensorStream], source: String) throws(RecordingError) -> MotionTrace {
        var streams: [CleanStream] = []
        // A file of gravity or of total acceleration beside a user-acceleration file (a Sensor
        // Logger folder: Accelerometer.csv, Gravity.csv, TotalAcceleration.csv) says what the
        // user-acceleration file holds.
        let gravityRecorded = rawStreams.contains { $0.channels[.gravity] != nil || $0.channels[.acceleration] != nil }
        for stream in rawStreams where !stream.channels.isEmpty {
            streams.append(try StreamCleaner.clean(reclassified(stream, gravityRecordedElsewhere: gravityRecorded)))
        }
        guard !streams.isEmpty else { throw .noSensorFile(file: source, found: rawStreams.map(\.source)) }
        var notes: [String] = []
        for stream in streams {
            let prefix = streams.count > 1 ? "\((stream.source as NSString).lastPathComponent): " : ""
            notes += stream.notes.map { prefix + $0 }
        }

        // Streams on different clocks (epoch vs elapsed) are aligned at their starts.
        let allEpoch = rawStreams.allSatisfy(\.isEpoch)
        let anyEpoch = rawStreams.contains(where: \.isEpoch)
        if anyEpoch && !allEpoch && streams.count > 1 {
            for i in streams.indices {
                let first = streams[i].time[0]
                streams[i].time = streams[i].time.map { $0 - first }
            }
            notes.append("sensor files mix epoch and elapsed clocks: aligned at their first samples")
        }

        func stream(with quantity: Quantity) -> CleanStream? { streams.first { $0.channels[quantity] != nil } }
        let motionStreams = streams.filter { $0.channels[.acceleration] != nil || $0.channels[.gyroscope] != nil || $0.channels[.userAcceleration] != nil }
        let primary = stream(with: .acceleration) ?? stream(with: .userAcceleration) ?? streams[0]
        let rate = (motionStreams.isEmpty ? streams : motionStreams).map(\.rate).max() ?? primary.rate
        let start = streams.map { $0.time[0] }.max() ?? 0
        let end = streams.map { $0.time[$0.time.count - 1] }.min() ?? 0
        guard end > start else { throw .streamsDoNotOverlap(file: source) }
        let span = (end - start) * rate
        guard span.isFinite, span < Double(maximumSamples) else {
            throw .implausibleRate(file: source, rateHz: rate, hint: String(format: "the recording would need %.3g samples (%.3g s); check the time unit with --units time=s, ms, us or ns", span, end - start))
        }
        let count = Int(span + 1e-9) + 1
        guard count >= 3 else { throw .tooFewSamples(file: source, count: count) }

        // Resample each stream; grid points inside any stream's gap are not measured.
        var valid = [Bool](repeating: true, count: count)
        var channels: [Quantity: [[Double]]] = [:]
        for stream in streams {
            let (values, covered) = resample(stream, start: start, rate: rate, count: count)
            for i in 0..<count where !covered[i] { valid[i] = false }
            for (quantity, arrays) in values where channels[quantity] == nil { channels[quantity] = arrays }
        }
        var segments: [Range<Int>] = []
        var runStart: Int?
        for i in 0...count {
            let ok = i < count && valid[i]
            if ok && runStart == nil { runStart = i }
            if !ok, let s = runStart { if i - s >= 2 { segments.append(s..<i) }; runStart = nil }
        }
        guard !segments.isEmpty else { throw .tooFewSamples(file: source, count: 0) }

        // Specific force (sensor frame, +g up at rest) and the recorded up direction.
        let convention = stream(with: .gravity)?.gravityConvention ?? stream(with: .userAcceleration)?.gravityConvention
            ?? stream(with: .acceleration)?.gravityConvention ?? .pointsUp
        let sign = convention == .pointsUp ? 1.0 : -1.0
        var up: Axes?
        if let gravity = channels[.gravity] {
            up = Axes(x: gravity[0].map { $0 * sign }, y: gravity[1].map { $0 * sign }, z: gravity[2].map { $0 * sign })
        }
        let specificForce: Axes
        if let total = channels[.acceleration] {
            // CoreMotion's accelerometer reads −1 g along the upward axis at rest: negate it.
            specificForce = sign > 0 ? Axes(x: total[0], y: total[1], z: total[2])
                : Axes(x: total[0].map { -$0 }, y: total[1].map { -$0 }, z: total[2].map { -$0 })
        } else if let user = channels[.userAcceleration], let up {
            // f = up-gravity + user acceleration as specific force (CoreMotion negates both).
            specificForce = Axes(x: zip(user[0], up.x).map { sign * $0 + $1 },
                                 y: zip(user[1], up.y).map { sign * $0 + $1 },
                                 z: zip(user[2], up.z).map { sign * $0 + $1 })
            notes.append("specific force = gravity + user acceleration (\(convention == .pointsUp ? "Android" : "CoreMotion") sign convention)")
        } else {
            // Values that average about 1 m/s² are more likely the raw accelerometer in g (a
            // table in g with bare x, y, z columns in a file named acc….csv is taken for
            // Sensor Logger's user acceleration in m/s²): say how to read them so.
            var hint = "user acceleration without a gravity vector cannot be put in the world frame; include the gravity file (Gravity.csv) or the raw accelerometer"
            if let user = channels[.userAcceleration] {
                let typical = medianMagnitude(user)
                if (0.7...1.5).contains(typical) {
                    hint += "; its values average \(String(format: "%.2f", typical)): if they are the raw accelerometer in g (gravity included), pass --units accel=g"
                }
            }
            throw .noUsableColumns(file: source, found: rawStreams.flatMap(\.columnsUsed), hint: hint)
        }
        let gyro = channels[.gyroscope].map { Axes(x: $0[0], y: $0[1], z: $0[2]) }
        var quaternions: [Quaternion]?
        if let q = channels[.quaternion] {
            quaternions = (0..<count).map { Quaternion(w: q[0][$0], x: q[1][$0], y: q[2][$0], z: q[3][$0]).normalized }
        }

        // Orientation.
        var frame: WorldFrame
        if let quaternions, let recorded = WorldFrame.fromQuaternions(quaternions, up: up ?? specificForce, upIsGravity: up != nil, f: specificForce, segments: segments) {
            frame = recorded
        } else if let up {
            if quaternions != nil { notes.append("the recorded quaternion does not turn gravity onto the vertical: not used") }
            frame = WorldFrame.fromGravity(up: up, gyro: gyro, f: specificForce, rate: rate, segments: segments)
        } else if let gyro {
            if quaternions != nil { notes.append("the recorded quaternion does not turn gravity onto the vertical: not used") }
            frame = WorldFrame.fuse(f: specificForce, gyro: gyro, rate: rate, segments: segments)
        } else {
            frame = WorldFrame.accelerometerOnly(f: specificForce, rate: rate, segments: segments)
        }
        notes += frame.notes

        // Zeros inside gaps, as MotionTrace documents.
        var cleanForce = specificForce
        var cleanGyro = gyro
        var orientation = frame.orientation
        var inSegment = [Bool](repeating: false, count: count)
        for segment in segments { for i in segment { inSegment[i] = true } }
        for i in 0..<count where !inSegment[i] {
            cleanForce[i] = .zero
            cleanGyro?[i] = .zero
            orientation[i] = .identity
        }
        // The zero-rate offset the fusion measured at rest, removed from the stored rates.
        if var rates = cleanGyro, frame.gyroBias.count == segments.count {
            for (segment, bias) in zip(segments, frame.gyroBias) where bias != .zero {
                for i in segment { rates[i] = rates[i] - bias }
            }
            cleanGyro = rates
            if let largest = frame.gyroBias.map(\.length).max(), largest > 0 {
                notes.append(String(format: "gyroscope zero-rate offset measured at rest and removed (up to %.2g deg/s)", largest * 180 / .pi))
            }
        }

        let gaps = streams.map(\.gaps.count).reduce(0, +)
        var quality = DataQuality(
            effectiveSampleRateHz: primary.rate,
            timestampJitterS: primary.jitter,
            gapCount: gaps,
            longestGapS: streams.map(\.longestInterval).max() ?? 0,
            clippedPercent: stream(with: .acceleration)?.clippedPercent[.acceleration] ?? 0,
            gyroClippedPercent: stream(with: .gyroscope)?.clippedPercent[.gyroscope],
            droppedSamples: streams.map(\.droppedRows).reduce(0, +),
            hasGyroscope: gyro != nil,
            hasGravity: up != nil,
            hasOrientation: quaternions != nil,
            notes: notes)
        quality.gyroRangeRadps = stream(with: .gyroscope)?.clippingRange[.gyroscope]
        let startDate = allEpoch ? Date(timeIntervalSince1970: start) : nil
        // Sample 0 on the recording's own clock, counted from the first raw sample of any stream.
        let firstRawSample = streams.map { $0.time[0] }.min() ?? start
        return MotionTrace(sampleRate: rate, startTime: start - firstRawSample, startDate: startDate,
                           linearAcceleration: frame.linearAcceleration, specificForce: cleanForce,
                           angularVelocity: cleanGyro, orientation: orientation,
                           orientationMethod: frame.method, segments: segments, quality: quality)
    }

    /// Median of |(x, y, z)| over the samples of three component arrays; NaN with fewer than three.
    static func medianMagnitude(_ arrays: [[Double]]) -> Double {
        guard arrays.count >= 3 else { return .nan }
        return Statistics.median((0..<arrays[0].count).map { i in
            let squared: Double = arrays[0][i] * arrays[0][i] + arrays[1][i] * arrays[1][i] + arrays[2][i] * arrays[2][i]
            return squared.squareRoot()
        })
    }

    /// Phone apps label "acceleration" loosely: a group that averages under half a g alongside
    /// a gravity vector has had gravity removed (user acceleration); a "user" acceleration that
    /// averages about 1 g still holds gravity, unless the recording holds gravity or the total
    /// acceleration in another file (`gravityRecordedElsewhere`): then it is what its name says.
    /// A vigorous swing's user acceleration has a median of about 1 g too, when the swinging
    /// fills most of the recording (HipDrive's simulator, Sensor Logger folders of American
    /// swings with 30 s rests: read as total acceleration, the specific force lost gravity and
    /// the floats, and sets of 20 reps were counted as 13 and 1).
    static func reclassified(_ stream: SensorStream, gravityRecordedElsewhere: Bool = false) -> SensorStream {
        var result = stream
        let g = ColumnUnit.standardGravityValue
        if let total = stream.channels[.acceleration], stream.channels[.gravity] != nil,
           stream.channels[.userAcceleration] == nil, medianMagnitude(total) < 0.5 * g {
            result.channels[.userAcceleration] = total
            result.channels[.acceleration] = nil
            result.notes.append("acceleration columns average under 0.5 g beside a gravity vector: read as user acceleration")
        } else if let user = stream.channels[.userAcceleration], stream.channels[.acceleration] == nil,
                  stream.channels[.gravity] == nil, !gravityRecordedElsewhere, abs(medianMagnitude(user) - g) < 0.3 * g {
            result.channels[.acceleration] = user
            result.channels[.userAcceleration] = nil
            result.notes.append("acceleration file averages about 1 g: read as total acceleration (gravity included)")
        }
        return result
    }

    /// Linear interpolation of every channel of `stream` onto the grid `start + i / rate`;
    /// `covered[i]` is false outside the stream's span and inside its gaps.
    static func resample(_ stream: CleanStream, start: Double, rate: Double, count: Int)
        -> (values: [Quantity: [[Double]]], covered: [Bool]) {
        let time = stream.time
        var covered = [Bool](repeating: false, count: count)
        var lower = [Int](repeating: 0, count: count)
        var fraction = [Double](repeating: 0, count: count)
        var gapIndex = 0
        let gaps = stream.gaps
        var j = 0
        for i in 0..<count {
            let t = start + Double(i) / rate
            while j + 1 < time.count - 1 && time[j + 1] <= t { j += 1 }
            guard t >= time[0] - 1e-9, t <= time[time.count - 1] + 1e-9 else { continue }
            while gapIndex < gaps.count && gaps[gapIndex].end <= t { gapIndex += 1 }
            let insideGap = gapIndex < gaps.count && gaps[gapIndex].start < t && t < gaps[gapIndex].end
            let span = time[j + 1] - time[j]
            lower[i] = j
            fraction[i] = span > 0 ? min(max((t - time[j]) / span, 0), 1) : 0
            covered[i] = !insideGap
        }
        var values: [Quantity: [[Double]]] = [:]
        for (quantity, arrays) in stream.channels {
            var output: [[Double]] = []
            if quantity == .quaternion, arrays.count == 4 {
                // Interpolate in the hemisphere of the lower sample (q and −q are one rotation).
                var w = [Double](repeating: 1, count: count), x = [Double](repeating: 0, count: count)
                var y = x, z = x
                for i in 0..<count where covered[i] {
                    let a = lower[i], b = min(a + 1, time.count - 1), s = fraction[i]
                    let dot = arrays[0][a] * arrays[0][b] + arrays[1][a] * arrays[1][b] + arrays[2][a] * arrays[2][b] + arrays[3][a] * arrays[3][b]
                    let flip = dot < 0 ? -1.0 : 1.0
                    w[i] = arrays[0][a] * (1 - s) + flip * arrays[0][b] * s
                    x[i] = arrays[1][a] * (1 - s) + flip * arrays[1][b] * s
                    y[i] = arrays[2][a] * (1 - s) + flip * arrays[2][b] * s
                    z[i] = arrays[3][a] * (1 - s) + flip * arrays[3][b] * s
                }
                output = [w, x, y, z]
            } else {
                for array in arrays {
                    var resampled = [Double](repeating: 0, count: count)
                    array.withUnsafeBufferPointer { source in
                        for i in 0..<count where covered[i] {
                            let a = lower[i], b = min(a + 1, source.count - 1), s = fraction[i]
                            resampled[i] = source[a] + (source[b] - source[a]) * s
                        }
                    }
                    output.append(resampled)
                }
            }
            values[quantity] = output
        }
        return (values, covered)
    }
}
