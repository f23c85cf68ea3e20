import Foundation
import Testing
@testable import HipDriveRecordings
import HipDriveTestSupport

/// Every bad input the issue lists: a typed error whose one-line message names the file (and the
/// line and column for tables) and says what to do. Nothing traps.
@Suite struct BadInputTests {
    func error(reading url: URL, options: ReadOptions = ReadOptions()) -> RecordingError? {
        do {
            _ = try RecordingReader.read(url, options: options)
            return nil
        } catch let error as RecordingError {
            return error
        } catch {
            Issue.record("untyped error \(error)")
            return nil
        }
    }

    func expectMessage(_ url: URL, contains parts: [String], options: ReadOptions = ReadOptions(),
                       sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = error(reading: url, options: options) else {
            Issue.record("\(url.lastPathComponent) was read without error", sourceLocation: sourceLocation)
            return
        }
        let message = error.description
        #expect(message.contains(url.path) || message.contains(url.lastPathComponent), "\(message)", sourceLocation: sourceLocation)
        #expect(!message.contains("\n"), sourceLocation: sourceLocation)
        for part in parts { #expect(message.contains(part), "\(message) lacks \(part)", sourceLocation: sourceLocation) }
    }

    @Test func emptyFile() throws {
        expectMessage(try TestPaths.temporaryFile("empty.csv", text: ""), contains: ["empty"])
        expectMessage(try TestPaths.temporaryFile("blank.csv", text: "\n\n  \n"), contains: ["empty"])
    }

    @Test func binaryGarbage() throws {
        var bytes = [UInt8](repeating: 0, count: 4096)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 7) }
        expectMessage(try TestPaths.temporaryFile("garbage.csv", contents: Data(bytes)), contains: ["binary"])
    }

    @Test func headerWithNoUsableColumns() throws {
        expectMessage(try TestPaths.temporaryFile("names.csv", text: "name,weight,colour\nbell,16,black\n"),
                      contains: ["line 1", "\"name\"", "\"weight\"", "--columns time=0,ax=1"])
    }

    /// A table of bare x, y, z columns in a file named acc….csv is taken for Sensor Logger's user
    /// acceleration (m/s², no gravity), which cannot be put in the world frame. When its values
    /// average about 1 (the raw accelerometer in g, gravity included) the message says how to
    /// read them; with --units accel=g the same file is read.
    @Test func accelerometerInGNamedLikeUserAcceleration() throws {
        var text = "time,x,y,z\n"
        for i in 0..<400 {
            let t = Double(i) * 0.02, phase = 2 * Double.pi * t / 1.8
            text += "\(t),\(0.6 * sin(phase)),0.02,\(1 + 0.8 * cos(phase))\n"
        }
        let url = try TestPaths.temporaryFile("accel_export.csv", text: text)
        expectMessage(url, contains: ["user acceleration without a gravity vector", "--units accel=g"])
        var options = ReadOptions()
        options.units = ["accel": "g"]
        #expect(error(reading: url, options: options) == nil)
        // User acceleration in m/s² that averages well away from 1 gets no such suggestion.
        var quiet = "time,x,y,z\n"
        for i in 0..<400 { quiet += "\(Double(i) * 0.02),0.01,0.02,\(0.05 * sin(Double(i)))\n" }
        let still = try TestPaths.temporaryFile("acc_still.csv", text: quiet)
        if let message = error(reading: still)?.description {
            #expect(message.contains("user acceleration without a gravity vector") && !message.contains("--units accel=g"), "\(message)")
        } else {
            Issue.record("acc_still.csv was read without error")
        }
    }

    @Test func allNaNColumn() throws {
        var text = "time,ax,ay,az\n"
        for i in 0..<100 { text += "\(Double(i) * 0.01),NaN,,nan\n" }
        expectMessage(try TestPaths.temporaryFile("nan.csv", text: text), contains: ["column 2", "\"ax\"", "no numbers"])
    }

    @Test func unreadableTimeColumn() throws {
        expectMessage(try TestPaths.temporaryFile("time.csv", text: "time,ax,ay,az\nnoon,0,0,1\nlater,0,0,1\n"),
                      contains: ["line 2", "column 1", "\"time\"", "noon"])
    }

    @Test func nonMonotonicTime() throws {
        var text = "time,ax,ay,az\n"
        for i in 0..<200 { text += "\(Double((i * 7919) % 200) * 0.01),0,0,1\n" }
        expectMessage(try TestPaths.temporaryFile("shuffled.csv", text: text), contains: ["not monotonic", "--columns time="])
    }

    @Test func singleRow() throws {
        expectMessage(try TestPaths.temporaryFile("one.csv", text: "time,ax,ay,az\n0,0,0,1\n"), contains: ["only 1 usable sample"])
    }

    @Test func absurdSampleRates() throws {
        var fast = "time (s),ax,ay,az\n"
        for i in 0..<100 { fast += "\(Double(i) * 1e-7),0,0,1\n" }
        expectMessage(try TestPaths.temporaryFile("fast.csv", text: fast), contains: ["implausible sampling rate", "--units time="])
        var slow = "time (s),ax,ay,az\n"
        for i in 0..<100 { slow += "\(Double(i) * 60),0,0,1\n" }
        expectMessage(try TestPaths.temporaryFile("slow.csv", text: slow), contains: ["implausible sampling rate"])
    }

    @Test func zipWithNoSensorFile() {
        expectMessage(TestPaths.fixture("no_sensor.zip"), contains: ["no sensor table", "readme.txt"])
    }

    @Test func folderWithNoSensorFile() throws {
        let folder = TestScratch.root.appendingPathComponent("hipdrive-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder.appendingPathComponent("notes.md"))
        expectMessage(folder, contains: ["no sensor table"])
    }

    @Test func corruptZip() throws {
        var bytes: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        bytes += [UInt8](repeating: 0x41, count: 200)
        expectMessage(try TestPaths.temporaryFile("broken.zip", contents: Data(bytes)), contains: ["zip"])
    }

    @Test func audioWithZeroFrames() throws {
        // A valid 44-byte WAV header announcing no data.
        var header = Data("RIFF".utf8)
        func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        header += le32(36) + Array("WAVEfmt ".utf8) + le32(16) + le16(1) + le16(1) + le32(44_100) + le32(88_200) + le16(2) + le16(16)
        header += Array("data".utf8) + le32(0)
        let url = try TestPaths.temporaryFile("silence.wav", contents: header)
        expectMessage(url, contains: ["no audio frames"])
    }

    @Test func aacAudioNamesTheFormatAndAConversion() throws {
        var bytes: [UInt8] = [0, 0, 0, 0x20] + Array("ftypM4A ".utf8)
        bytes += [UInt8](repeating: 0, count: 64)
        expectMessage(try TestPaths.temporaryFile("phone.m4a", contents: Data(bytes)), contains: ["AAC", "ffmpeg -i"])
    }

    @Test func missingFile() {
        expectMessage(URL(fileURLWithPath: "/nonexistent/swings.csv"), contains: ["no such file"])
    }

    @Test func malformedColumnMap() throws {
        let url = TestPaths.fixture("headerless.csv")
        #expect(error(reading: url, options: ReadOptions(columnMap: "time=0,speed=1"))?.description.contains("--columns") == true)
        #expect(error(reading: url, options: ReadOptions(columnMap: "time=0,ax=9,ay=2,az=3"))?.description.contains("does not exist") == true)
    }
}
