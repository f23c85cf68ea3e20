import Testing
@testable import HipDriveRecordings

@Test func moduleLinks() { #expect(Bool(true)) }
