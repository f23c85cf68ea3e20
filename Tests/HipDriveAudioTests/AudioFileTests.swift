import Foundation
import Testing
@testable import HipDriveAudio
import HipDriveTestSupport

private func temporaryURL(_ name: String) -> URL {
    let folder = TestScratch.root.appendingPathComponent("hipdrive-audio-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent(name)
}

private func tone(count: Int, rate: Double, frequency: Double, amplitude: Double) -> [Double] {
    (0..<count).map { amplitude * sin(2 * Double.pi * frequency * Double($0) / rate) }
}

@Suite struct AudioRoundTripTests {
    @Test(arguments: [
        (AudioFileFormat.wav16, 1.0 / 32768, "WAV (PCM 16)"),
        (.wav24, 1.0 / 8_388_608, "WAV (PCM 24)"),
        (.wavFloat, 1e-7, "WAV (float 32)"),
        (.flac16, 1.0 / 32768, "FLAC (PCM 16)"),
    ])
    func writeThenReadReturnsTheSamples(format: AudioFileFormat, tolerance: Double, description: String) throws {
        let url = temporaryURL("tone.\(format == .flac16 ? "flac" : "wav")")
        let samples = tone(count: 12_345, rate: 8000, frequency: 440, amplitude: 0.8)
        try AudioFileWriter.write(mono: samples, sampleRate: 8000, to: url, format: format)
        let reader = try AudioFileReader(url: url)
        #expect(reader.info.sampleRate == 8000)
        #expect(reader.info.channels == 1)
        #expect(reader.info.frames == 12_345)
        #expect(abs(reader.info.duration - 12_345.0 / 8000) < 1e-12)
        #expect(reader.info.formatDescription == description)
        let back = try reader.readAllMono()
        #expect(back.count == samples.count)
        let error = zip(back, samples).map { abs(Double($0) - $1) }.max() ?? 1
        #expect(error <= tolerance)
    }

    @Test func stereoIsMixedToMonoBlockByBlock() throws {
        let url = temporaryURL("stereo.wav")
        let left = tone(count: 10_000, rate: 16_000, frequency: 100, amplitude: 0.5)
        let right = tone(count: 10_000, rate: 16_000, frequency: 1000, amplitude: 0.25)
        let writer = try AudioFileWriter(url: url, format: .wavFloat, sampleRate: 16_000, channels: 2)
        // Written in uneven blocks to exercise the writer's frame bookkeeping.
        var interleaved: [Float] = []
        for index in 0..<10_000 { interleaved += [Float(left[index]), Float(right[index])] }
        try writer.write(interleaved: Array(interleaved[0..<2 * 3333]))
        try writer.write(interleaved: Array(interleaved[(2 * 3333)...]))
        #expect(writer.framesWritten == 10_000)
        try writer.close()

        let reader = try AudioFileReader(url: url)
        #expect(reader.info.channels == 2)
        var mono: [Float] = []
        var blockSizes: [Int] = []
        try reader.forEachMonoBlock(frames: 4096) { block in
            mono.append(contentsOf: block)
            blockSizes.append(block.count)
        }
        #expect(blockSizes == [4096, 4096, 1808])
        let error = (0..<10_000).map { abs(Double(mono[$0]) - (left[$0] + right[$0]) / 2) }.max() ?? 1
        #expect(error < 1e-6)
        try reader.rewind()
        #expect(try reader.readAllMono() == mono)
    }

    @Test func integerFormatsClipInsteadOfWrapping() throws {
        let url = temporaryURL("loud.wav")
        try AudioFileWriter.write(mono: [0.5, 1.7, -3.0], sampleRate: 1000, to: url)
        let back = try AudioFileReader(url: url).readAllMono()
        #expect(back[1] > 0.99 && back[2] < -0.99)
    }
}

@Suite struct AudioErrorTests {
    @Test func missingFileIsNamed() {
        let url = temporaryURL("nothing-here.wav")
        #expect(throws: AudioFileError.fileNotFound(path: url.path)) { try AudioFileReader(url: url) }
        #expect(AudioFileError.fileNotFound(path: url.path).description.contains("nothing-here.wav"))
    }

    @Test func emptyFileIsNamed() throws {
        let url = temporaryURL("empty.wav")
        try Data().write(to: url)
        #expect(throws: AudioFileError.emptyFile(path: url.path)) { try AudioFileReader(url: url) }
    }

    @Test func corruptFileCarriesLibsndfilesMessage() throws {
        let url = temporaryURL("corrupt.wav")
        try Data("RIFF\u{10}\0\0\0WAVEthis is not audio at all".utf8).write(to: url)
        do {
            _ = try AudioFileReader(url: url)
            Issue.record("a corrupt file opened")
        } catch {
            guard case .cannotOpen(let path, let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == url.path)
            #expect(!reason.isEmpty)
            #expect(error.description.contains("corrupt.wav"))
        }
    }

    @Test func truncatedWAVReadsWhatIsThere() throws {
        // A header promising more frames than the file holds: libsndfile reports the frames that
        // exist; the reader returns them rather than garbage.
        let url = temporaryURL("cut.wav")
        try AudioFileWriter.write(mono: [Double](repeating: 0.25, count: 1000), sampleRate: 1000, to: url)
        let data = try Data(contentsOf: url)
        try data.prefix(data.count - 500).write(to: url)
        let samples = try AudioFileReader(url: url).readAllMono()
        #expect(samples.count == 750)
        #expect(samples.allSatisfy { abs($0 - 0.25) < 1e-4 })
    }

    @Test func m4aIsNamedWithAConversionCommand() throws {
        let url = temporaryURL("swings session.m4a")
        var bytes = Data([0, 0, 0, 0x20])
        bytes.append(contentsOf: Array("ftypM4A ".utf8))
        bytes.append(Data(count: 64))
        try bytes.write(to: url)
        do {
            _ = try AudioFileReader(url: url)
            Issue.record("an M4A file opened")
        } catch {
            guard case .unsupportedContainer(_, let container, let conversion) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(container == "M4A (AAC)")
            #expect(conversion == "ffmpeg -i 'swings session.m4a' 'swings session.wav'")
            #expect(error.description.contains("swings session.m4a"))
        }
    }

    @Test func mp4IsRecognisedByItsContentWhateverTheName() throws {
        let url = temporaryURL("clip.bin")
        var bytes = Data([0, 0, 0, 0x18])
        bytes.append(contentsOf: Array("ftypmp42".utf8))
        bytes.append(Data(count: 64))
        try bytes.write(to: url)
        #expect(throws: AudioFileError.unsupportedContainer(path: url.path, container: "MP4 (AAC)", conversion: "ffmpeg -i clip.bin clip.wav")) {
            try AudioFileReader(url: url)
        }
    }
}
