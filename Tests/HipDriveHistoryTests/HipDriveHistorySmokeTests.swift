import Testing
@testable import HipDriveHistory

@Test func moduleLinks() { #expect(Bool(true)) }
