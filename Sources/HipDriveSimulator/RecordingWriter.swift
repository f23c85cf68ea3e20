import Foundation
import HipDriveAudio
import HipDriveRecordings

/// The file layouts the simulator writes: the ones people's apps and loggers produce
/// (../shared/docs/formats.md), so that the readers meet them exactly as they would in the wild.
public enum SimulatedFormat: String, Sendable, Codable, CaseIterable {
    /// Physics Toolbox Sensor Suite g-force meter: `time,gFx,gFy,gFz,TgF`, s and g. No gyroscope.
    case physicsToolbox = "physics-toolbox"
    /// phyphox raw export folder: `Accelerometer.csv` and `Gyroscope.csv` (own time bases),
    /// `"Time (s)","Acceleration x (m/s^2)",…`, plus `meta/time.csv` with the start time.
    case phyphox
    /// Sensor Logger folder: `TotalAcceleration.csv`, `Accelerometer.csv` (without gravity),
    /// `Gravity.csv`, `Gyroscope.csv`, `Orientation.csv`, each `time,seconds_elapsed,z,y,x`
    /// (ns epoch, m/s², rad/s; Android sign convention: +g up at rest).
    case sensorLogger = "sensor-logger"
    /// MetaWear / MetaBase pair: `…_Accelerometer_100.000Hz.csv` and `…_Gyroscope_100.000Hz.csv`,
    /// `epoch (ms),time (+00:00),elapsed (s),x-axis (g),…` / `x-axis (deg/s)`.
    case metawear
    /// Small IMU logger (KettleBox style): UTF-8 BOM, `"Time";"Gx";"Gy";"Gz";"Ax";"Ay";"Az";"ts"`,
    /// quoted ISO-8601 local times, deg/s and g, a millisecond device tick.
    case kettlebox
    /// Tab-separated logger with a millisecond counter: `Time\tGx\tGy\tGz\tAx\tAy\tAz`, deg/s and g.
    case tsvLogger = "tsv-logger"
    /// Mono 16-bit WAV audio of the session (exhales, whoosh, room noise, clatter).
    case wav

    /// Whether the layout has a place for gyroscope readings.
    var needsGyroscope: Bool { self == .kettlebox || self == .tsvLogger }
}

/// Everything a user can cause while the simulator writes files.
public enum SimulatorError: Error, CustomStringConvertible, Sendable, Equatable {
    case cannotWrite(path: String, reason: String)
    case formatNeedsGyroscope(format: String)
    case invalidOption(option: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "\(path): cannot write (\(reason)); check the folder exists and is writable"
        case let .formatNeedsGyroscope(format):
            return "the \(format) layout holds gyroscope columns; simulate with a gyroscope or pick physics-toolbox, phyphox, sensor-logger or metawear"
        case let .invalidOption(option, value, reason): return "\(option) \(value): \(reason)"
        }
    }
}

/// Writes a simulated session as recordings and its truth JSON.
public enum RecordingWriter {
    /// Writes `session` in `format` under `directory` (created if needed), named from `name`.
    ///
    /// - Returns: the recording's path: a file, or a folder for phyphox, Sensor Logger and the
    ///   MetaWear pair (`NAME/NAME_…_Accelerometer_100.000Hz.csv` and its gyroscope partner).
    @discardableResult
    public static func write(_ session: SimulatedSession, format: SimulatedFormat, to directory: URL,
                             name: String) throws(SimulatorError) -> URL {
        try makeDirectory(directory)
        if format.needsGyroscope && session.sensor.angularVelocity == nil {
            throw .formatNeedsGyroscope(format: format.rawValue)
        }
        switch format {
        case .physicsToolbox:
            let url = directory.appendingPathComponent(name + ".csv")
            try save(physicsToolbox(session.sensor), to: url)
            return url
        case .phyphox:
            let folder = directory.appendingPathComponent(name)
            try makeDirectory(folder)
            try makeDirectory(folder.appendingPathComponent("meta"))
            try save(phyphoxTable(time: session.sensor.time, values: session.sensor.specificForce, quantity: "Acceleration",
                                  unit: "m/s^2", scale: 1), to: folder.appendingPathComponent("Accelerometer.csv"))
            if let gyro = session.sensor.angularVelocity, let gyroTime = session.sensor.gyroTime {
                try save(phyphoxTable(time: gyroTime, values: gyro, quantity: "Gyroscope", unit: "rad/s", scale: 1),
                         to: folder.appendingPathComponent("Gyroscope.csv"))
            }
            try save(phyphoxMeta(session.config.startDate), to: folder.appendingPathComponent("meta/time.csv"))
            return folder
        case .sensorLogger:
            let folder = directory.appendingPathComponent(name)
            try makeDirectory(folder)
            for (file, text) in sensorLogger(session) { try save(text, to: folder.appendingPathComponent(file)) }
            return folder
        case .metawear:
            // The pair goes in a folder of its own, which the reader takes as one recording.
            let directory = directory.appendingPathComponent(name)
            try makeDirectory(directory)
            let stamp = metaWearFileStamp(session.config.startDate)
            let rate = String(format: "%.3f", session.config.sensor.sampleRateHz)
            let url = directory.appendingPathComponent("\(name)_\(stamp)_Accelerometer_\(rate)Hz.csv")
            try save(metaWear(time: session.sensor.time, values: session.sensor.specificForce, start: session.config.startDate,
                              unit: "g", scale: 1 / standardGravity), to: url)
            if let gyro = session.sensor.angularVelocity, let gyroTime = session.sensor.gyroTime {
                let gyroRate = String(format: "%.3f", session.config.sensor.gyroSampleRateHz ?? session.config.sensor.sampleRateHz)
                try save(metaWear(time: gyroTime, values: gyro, start: session.config.startDate, unit: "deg/s",
                                  scale: 180 / Double.pi),
                         to: directory.appendingPathComponent("\(name)_\(stamp)_Gyroscope_\(gyroRate)Hz.csv"))
            }
            return directory
        case .kettlebox:
            let url = directory.appendingPathComponent(name + ".csv")
            try save(kettlebox(session), to: url)
            return url
        case .tsvLogger:
            let url = directory.appendingPathComponent(name + ".log")
            try save(tsvLogger(session), to: url)
            return url
        case .wav:
            let url = directory.appendingPathComponent(name + ".wav")
            let audio = AudioSynthesizer(session: session).render()
            do {
                try AudioFileWriter.write(mono: audio, sampleRate: Int(session.config.audio.sampleRateHz.rounded()), to: url)
            } catch {
                throw .cannotWrite(path: url.path, reason: error.description)
            }
            return url
        }
    }

    /// Writes the truth as pretty, key-sorted JSON with ISO-8601 dates.
    public static func writeTruth(_ truth: SimulationTruth, to url: URL) throws(SimulatorError) {
        try makeDirectory(url.deletingLastPathComponent())
        do {
            try truthJSON(truth).write(to: url, options: .atomic)
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }

    /// The truth as JSON bytes (the layout of `truth.json`).
    public static func truthJSON(_ truth: SimulationTruth) throws(SimulatorError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return try encoder.encode(truth)
        } catch {
            throw .cannotWrite(path: "truth.json", reason: error.localizedDescription)
        }
    }

    // MARK: Layouts

    static func physicsToolbox(_ sensor: SimulatedSensorSamples) -> String {
        var text = "time,gFx,gFy,gFz,TgF\n"
        text.reserveCapacity(sensor.time.count * 48)
        let f = sensor.specificForce, k = 1 / standardGravity
        for i in sensor.time.indices {
            let x = f.x[i] * k, y = f.y[i] * k, z = f.z[i] * k
            text += String(format: "%.4f,%.4f,%.4f,%.4f,%.4f\n", sensor.time[i], x, y, z, (x * x + y * y + z * z).squareRoot())
        }
        return text
    }

    static func phyphoxTable(time: [Double], values: Axes, quantity: String, unit: String, scale: Double) -> String {
        var text = "\"Time (s)\",\"\(quantity) x (\(unit))\",\"\(quantity) y (\(unit))\",\"\(quantity) z (\(unit))\"\n"
        text.reserveCapacity(time.count * 72)
        for i in time.indices {
            text += String(format: "%.9E,%.9E,%.9E,%.9E\n", time[i], values.x[i] * scale, values.y[i] * scale, values.z[i] * scale)
        }
        return text
    }

    static func phyphoxMeta(_ start: Date) -> String {
        let epoch = start.timeIntervalSince1970
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return "\"event\",\"experiment time\",\"system time\",\"system time text\"\n"
            + String(format: "\"START\",%.9E,%.3f,\"%@\"\n", 0.0, epoch, formatter.string(from: start))
    }

    static func sensorLogger(_ session: SimulatedSession) -> [(String, String)] {
        let sensor = session.sensor
        let startNs = session.config.startDate.timeIntervalSince1970 * 1e9
        func table(_ time: [Double], _ values: Axes) -> String {
            var text = "time,seconds_elapsed,z,y,x\n"
            text.reserveCapacity(time.count * 64)
            for i in time.indices {
                text += String(format: "%.0f,%.6f,%.6f,%.6f,%.6f\n", startNs + time[i] * 1e9, time[i], values.z[i], values.y[i], values.x[i])
            }
            return text
        }
        var user = sensor.specificForce
        for i in 0..<user.count {
            user.x[i] -= sensor.gravity.x[i]; user.y[i] -= sensor.gravity.y[i]; user.z[i] -= sensor.gravity.z[i]
        }
        var files = [("TotalAcceleration.csv", table(sensor.time, sensor.specificForce)),
                     ("Accelerometer.csv", table(sensor.time, user)),
                     ("Gravity.csv", table(sensor.time, sensor.gravity))]
        if let gyro = sensor.angularVelocity, let gyroTime = sensor.gyroTime {
            files.append(("Gyroscope.csv", table(gyroTime, gyro)))
        }
        var orientation = "time,seconds_elapsed,qz,qy,qx,qw,roll,pitch,yaw\n"
        for (i, q) in sensor.orientation.enumerated() {
            // Tait–Bryan z-y-x angles of the sensor-to-world rotation, rad.
            let roll = atan2(2 * (q.w * q.x + q.y * q.z), 1 - 2 * (q.x * q.x + q.y * q.y))
            let pitch = asin(max(-1, min(1, 2 * (q.w * q.y - q.z * q.x))))
            let yaw = atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z))
            orientation += String(format: "%.0f,%.6f,%.7f,%.7f,%.7f,%.7f,%.6f,%.6f,%.6f\n", startNs + sensor.time[i] * 1e9,
                                  sensor.time[i], q.z, q.y, q.x, q.w, roll, pitch, yaw)
        }
        files.append(("Orientation.csv", orientation))
        files.append(("Metadata.csv", "version,device name,recording time,platform\n1.0,HipDrive simulator,\(iso(session.config.startDate)),android\n"))
        return files
    }

    static func metaWearFileStamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH.mm.ss.SSS"
        return formatter.string(from: date)
    }

    static func metaWear(time: [Double], values: Axes, start: Date, unit: String, scale: Double) -> String {
        var text = "epoch (ms),time (+00:00),elapsed (s),x-axis (\(unit)),y-axis (\(unit)),z-axis (\(unit))\n"
        text.reserveCapacity(time.count * 80)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH.mm.ss.SSS"
        let startMs = (start.timeIntervalSince1970 * 1000).rounded()
        let firstMs = time.first.map { (startMs + $0 * 1000).rounded() } ?? startMs
        for i in time.indices {
            let ms = (startMs + time[i] * 1000).rounded()
            let stamp = formatter.string(from: Date(timeIntervalSince1970: ms / 1000))
            text += String(format: "%.0f,%@,%.3f,%.3f,%.3f,%.3f\n", ms, stamp, (ms - firstMs) / 1000,
                           values.x[i] * scale, values.y[i] * scale, values.z[i] * scale)
        }
        return text
    }

    /// The gyroscope on the accelerometer's clock (linear interpolation when it has its own).
    static func gyroOnAccelerometerClock(_ sensor: SimulatedSensorSamples) -> Axes? {
        guard let gyro = sensor.angularVelocity, let gyroTime = sensor.gyroTime else { return nil }
        if gyroTime == sensor.time { return gyro }
        var result = Axes(count: sensor.time.count)
        var j = 0
        for (i, t) in sensor.time.enumerated() {
            while j + 1 < gyroTime.count - 1 && gyroTime[j + 1] < t { j += 1 }
            let span = gyroTime[j + 1] - gyroTime[j]
            let w = span > 0 ? max(0, min(1, (t - gyroTime[j]) / span)) : 0
            result.x[i] = gyro.x[j] + w * (gyro.x[j + 1] - gyro.x[j])
            result.y[i] = gyro.y[j] + w * (gyro.y[j + 1] - gyro.y[j])
            result.z[i] = gyro.z[j] + w * (gyro.z[j + 1] - gyro.z[j])
        }
        return result
    }

    static func kettlebox(_ session: SimulatedSession) -> String {
        let sensor = session.sensor
        let gyro = gyroOnAccelerometerClock(sensor) ?? Axes(count: sensor.time.count)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS"
        var text = "\u{FEFF}\"Time\";\"Gx\";\"Gy\";\"Gz\";\"Ax\";\"Ay\";\"Az\";\"ts\"\n"
        text.reserveCapacity(sensor.time.count * 80)
        let d = 180 / Double.pi, k = 1 / standardGravity
        let start = session.config.startDate.timeIntervalSince1970
        let tickOrigin = 59_973.0  // the device's own millisecond counter does not start at zero
        for i in sensor.time.indices {
            let stamp = formatter.string(from: Date(timeIntervalSince1970: start + sensor.time[i]))
            text += String(format: "\"%@\";%.5f;%.5f;%.5f;%.5f;%.5f;%.5f;%.0f\n", stamp, gyro.x[i] * d, gyro.y[i] * d, gyro.z[i] * d,
                           sensor.specificForce.x[i] * k, sensor.specificForce.y[i] * k, sensor.specificForce.z[i] * k,
                           tickOrigin + (sensor.time[i] * 1000).rounded())
        }
        return text
    }

    static func tsvLogger(_ session: SimulatedSession) -> String {
        let sensor = session.sensor
        let gyro = gyroOnAccelerometerClock(sensor) ?? Axes(count: sensor.time.count)
        var text = "Time\tGx\tGy\tGz\tAx\tAy\tAz\n"
        let d = 180 / Double.pi, k = 1 / standardGravity
        for i in sensor.time.indices {
            text += String(format: "%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\n", 6000 + (sensor.time[i] * 1000).rounded(),
                           gyro.x[i] * d, gyro.y[i] * d, gyro.z[i] * d,
                           sensor.specificForce.x[i] * k, sensor.specificForce.y[i] * k, sensor.specificForce.z[i] * k)
        }
        return text
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }

    // MARK: Files

    static func makeDirectory(_ url: URL) throws(SimulatorError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }

    static func save(_ text: String, to url: URL) throws(SimulatorError) {
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }
}
