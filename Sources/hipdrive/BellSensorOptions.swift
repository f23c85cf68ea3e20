import ArgumentParser
import HipDriveAnalysis

extension CommandSupport {
    /// Checks `--bell-sensor` and `--bell-sensor-offset` (analyze, batch): a known mount, an
    /// offset in metres within what a bell allows, and no offset for a centre-mounted sensor.
    static func validateBellSensor(_ mount: String?, offset: Double?) throws {
        if let mount, BellSensorMount(userText: mount) == nil {
            throw ValidationError("--bell-sensor \(mount): use handle (strapped to the handle) or centre (at the bell's centre of mass)")
        }
        if let offset {
            guard offset >= 0, offset <= BellSensorMount.largestOffsetM else {
                throw ValidationError("--bell-sensor-offset \(offset): give metres from the sensor to the bell's centre of mass, "
                                      + "0 to \(BellSensorMount.largestOffsetM) (e.g. 0.14 for a 16 kg cast-iron bell)")
            }
            if offset > 0, let mount, BellSensorMount(userText: mount) == .centre {
                throw ValidationError("--bell-sensor-offset is a handle sensor's distance from the centre of mass; "
                                      + "a centre-mounted sensor (--bell-sensor centre) has none")
            }
        }
    }
}
