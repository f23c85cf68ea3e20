import Testing
@testable import HipDriveDSP

@Test func moduleLinks() { #expect(Bool(true)) }
