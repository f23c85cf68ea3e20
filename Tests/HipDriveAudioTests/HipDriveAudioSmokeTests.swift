import Testing
@testable import HipDriveAudio

@Test func moduleLinks() { #expect(Bool(true)) }
