import Foundation
import HipDriveRecordings
import HipDriveSimulator

/// Writes a simulated session's raw sensor samples as a file the readers accept, so that the
/// validation exercises the whole path users take (parse, clean, resample, fuse, analyse).
///
/// Two layouts from docs/formats.md: with a gyroscope, the tab-separated logger with a
/// millisecond counter (`Time Gx Gy Gz Ax Ay Az`, deg/s and g, like the real 20 kg recordings);
/// accelerometer only, Physics Toolbox (`time,gFx,gFy,gFz,TgF`, s and g).
enum SensorFileWriter {
    static func write(_ session: SimulatedSession, to folder: URL) throws -> (URL, String) {
        let sensor = session.sensor
        let g = 9.80665
        let degrees = 180 / Double.pi
        var text = ""
        text.reserveCapacity(sensor.time.count * 64)
        let url: URL
        let name: String
        if let gyro = sensor.angularVelocity, sensor.gyroTime == nil || sensor.gyroTime! == sensor.time {
            name = "tab-separated logger (ms, deg/s, g)"
            url = folder.appendingPathComponent("session-\(session.config.seed).log")
            text += "Time\tGx\tGy\tGz\tAx\tAy\tAz\n"
            let f = sensor.specificForce
            for i in sensor.time.indices {
                text += String(format: "%.3f\t%.4f\t%.4f\t%.4f\t%.5f\t%.5f\t%.5f\n",
                               sensor.time[i] * 1000, gyro.x[i] * degrees, gyro.y[i] * degrees, gyro.z[i] * degrees,
                               f.x[i] / g, f.y[i] / g, f.z[i] / g)
            }
        } else {
            name = "Physics Toolbox (s, g)"
            url = folder.appendingPathComponent("session-\(session.config.seed).csv")
            text += "time,gFx,gFy,gFz,TgF\n"
            let f = sensor.specificForce
            for i in sensor.time.indices {
                let x = f.x[i] / g, y = f.y[i] / g, z = f.z[i] / g
                text += String(format: "%.5f,%.5f,%.5f,%.5f,%.5f\n", sensor.time[i], x, y, z, (x * x + y * y + z * z).squareRoot())
            }
        }
        try text.write(to: url, atomically: false, encoding: .utf8)
        return (url, name)
    }
}
