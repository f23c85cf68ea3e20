import Testing
@testable import HipDriveAnalysis

@Test func moduleLinks() { #expect(Bool(true)) }
