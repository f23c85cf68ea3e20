import Testing
@testable import HipDriveSimulator

@Test func moduleLinks() { #expect(Bool(true)) }
