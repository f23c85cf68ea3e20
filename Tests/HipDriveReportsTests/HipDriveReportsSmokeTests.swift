import Testing
@testable import HipDriveReports

@Test func moduleLinks() { #expect(Bool(true)) }
