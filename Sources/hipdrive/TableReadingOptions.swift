import ArgumentParser
import HipDriveRecordings

/// How to read tables whose header HipDrive does not recognise: `--format`, `--columns`,
/// `--units`. One option group shared by `inspect`, `analyze` and `batch`, so that the column map
/// a reader's error message suggests works with whichever command printed it.
struct TableReadingOptions: ParsableArguments {
    @Option(name: .long, help: "Force a table format: \("physics-toolbox, phyphox, metawear, sensor-logger, wristmotion, sensorlog, imu-logger, imu-logger-tab, imu-logger-comma, generic").")
    var format: String?

    @Option(name: .long, help: "Column map for headerless or unknown tables, e.g. time=0,ax=1,ay=2,az=3,gx=4,gy=5,gz=6 (indices from 0 or header names).")
    var columns: String?

    @Option(name: .long, help: "Units overriding the header: time=s|ms|us|ns, accel=g|m/s^2|mg, gyro=deg/s|rad/s (comma separated).")
    var units: String?

    func validate() throws {
        _ = try unitMap()
    }

    /// `--units` as a dictionary keyed by time / accel / gyro.
    func unitMap() throws -> [String: String] {
        var map: [String: String] = [:]
        guard let units else { return map }
        for entry in units.split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, ["time", "accel", "gyro"].contains(parts[0].lowercased()) else {
                throw ValidationError("--units \(units): each entry is KEY=UNIT with KEY one of time, accel, gyro (e.g. time=ms,accel=g,gyro=deg/s)")
            }
            map[parts[0].lowercased()] = parts[1]
        }
        return map
    }

    /// The reader's options (`unitMap()` was checked in `validate()`).
    var readOptions: ReadOptions {
        ReadOptions(format: format, columnMap: columns, units: (try? unitMap()) ?? [:])
    }
}
