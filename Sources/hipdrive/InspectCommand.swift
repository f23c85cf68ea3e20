import ArgumentParser
import Foundation
import HipDriveRecordings

/// `hipdrive inspect FILE...`: what the readers detect in each recording, without analysing it.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what HipDrive reads from recordings: format, columns, rate, quality, orientation.",
        discussion: CommandSupport.reflow("""
            Each RECORDING is an IMU table (CSV, TSV, log), a folder or zip holding one
            recording's files (phyphox or Sensor Logger export, MetaWear accelerometer and
            gyroscope pair), or an audio file (WAV, FLAC, Ogg, AIFF, CAF, MP3).

            Reported per recording: detected format, columns used with their units, uniform
            sampling rate (Hz), duration (s), channels present, data quality (effective raw rate
            in Hz, timestamp jitter in ms, gaps longer than max(0.25 s, 5 sampling intervals),
            percent of samples clipped at the sensor's range, rows dropped) and how the
            sensor-to-world orientation was found (sensor-fusion, recorded-orientation,
            accelerometer-only).

            A recording that cannot be read gets one line on standard error naming the file
            (and line and column for tables) and what to do; the others are still inspected and
            the exit status is non-zero.

            Examples:
              hipdrive inspect swings.csv
              hipdrive inspect --json sensorlogger-export.zip phyphox-folder/
              hipdrive inspect --columns time=0,ax=1,ay=2,az=3 --units time=ms,accel=g data.txt
            """))

    @Argument(help: "Recordings to inspect (files, folders or zips).")
    var recordings: [String]

    @Flag(name: .long, help: "Print one JSON document (an array, one object per recording) instead of text.")
    var json = false

    @OptionGroup var reading: TableReadingOptions

    func run() async throws {
        let options = reading.readOptions
        var reports: [InspectionReport] = []
        var failed = false
        for path in recordings {
            do {
                let recording = try RecordingReader.read(URL(fileURLWithPath: path), options: options)
                let report = InspectionReport(path: path, recording: recording)
                if json { reports.append(report) } else { print(report.text, terminator: "\n\n") }
            } catch {
                failed = true
                CommandSupport.printError(String(describing: error))
            }
        }
        if json {
            let data = try CommandSupport.jsonEncoder().encode(reports)
            try CommandSupport.write(String(decoding: data, as: UTF8.self) + "\n", to: nil)
        }
        if failed { throw ExitCode.failure }
    }
}

/// What `inspect` reports about one recording (also its JSON form).
struct InspectionReport: Encodable {
    var path: String
    var kind: String
    var format: String
    var columns: [String]
    var sampleRateHz: Double
    var durationS: Double
    var samples: Int
    var channels: [String]
    var startDate: Date?
    var orientationMethod: String?
    var segments: Int?
    var quality: DataQuality?
    var audioChannels: Int?
    var audioSampleRateHz: Double?

    init(path: String, recording: Recording) {
        self.path = path
        format = recording.format
        columns = recording.columns
        switch recording.content {
        case let .motion(trace):
            kind = "motion"
            sampleRateHz = trace.sampleRate
            durationS = trace.duration
            samples = trace.count
            var channels = ["specific force (m/s^2)", "world linear acceleration (m/s^2)"]
            if trace.angularVelocity != nil { channels.append("angular velocity (rad/s)") }
            if trace.quality.hasGravity { channels.append("gravity (recorded)") }
            if trace.quality.hasOrientation { channels.append("orientation quaternion (recorded)") }
            self.channels = channels
            startDate = trace.startDate
            orientationMethod = trace.orientationMethod.rawValue
            segments = trace.segments.count
            quality = trace.quality
        case let .audio(audio):
            kind = "audio"
            sampleRateHz = audio.traceRate
            durationS = audio.duration
            samples = audio.onsetStrength.count
            channels = ["onset strength", "RMS envelope"]
            audioChannels = audio.channels
            audioSampleRateHz = audio.audioSampleRate
        }
    }

    var text: String {
        var lines = ["\(path)", "  format:       \(format)"]
        lines.append("  columns:      \(columns.joined(separator: ", "))")
        if kind == "audio" {
            lines.append(String(format: "  audio:        %.0f Hz, %d channel(s), %.2f s", audioSampleRateHz ?? 0, audioChannels ?? 0, durationS))
            lines.append(String(format: "  traces:       onset strength and RMS envelope at %.1f Hz (%d frames)", sampleRateHz, samples))
            return lines.joined(separator: "\n")
        }
        lines.append(String(format: "  rate:         %.2f Hz uniform (%d samples, %.2f s)", sampleRateHz, samples, durationS))
        if let startDate { lines.append("  start:        \(ISO8601DateFormatter().string(from: startDate))") }
        lines.append("  channels:     \(channels.joined(separator: ", "))")
        lines.append("  orientation:  \(orientationMethod ?? "-")")
        if let quality {
            lines.append(String(format: "  quality:      raw rate %.2f Hz, jitter %.2f ms, %d gap(s) (longest interval %.2f s), %d segment(s)",
                                quality.effectiveSampleRateHz, quality.timestampJitterS * 1000, quality.gapCount, quality.longestGapS, segments ?? 1))
            var clipping = String(format: "  clipping:     accelerometer %.2f %%", quality.clippedPercent)
            if let gyro = quality.gyroClippedPercent { clipping += String(format: ", gyroscope %.2f %%", gyro) }
            lines.append(clipping)
            lines.append("  dropped:      \(quality.droppedSamples) row(s)")
            for note in quality.notes { lines.append("  note:         \(note)") }
        }
        return lines.joined(separator: "\n")
    }
}
