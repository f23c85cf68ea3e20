import Foundation
import Testing
@testable import HipDriveAnalysis

/// The accelerometer-only fits' batch sine and cosine (SignalMath.sineCosine(_:sine:cosine:))
/// against libm: within two ulps over the angles a fit meets, and libm itself outside them.
@Suite struct SineCosineBatchTests {
    /// Worst error in ulps of the reference value.
    private func ulps(_ value: Double, _ reference: Double) -> Double {
        abs(value - reference) / max(reference.magnitude.ulp, Double.leastNormalMagnitude)
    }

    private func batch(_ angles: [Double]) -> (sine: [Double], cosine: [Double]) {
        var sine = [Double](repeating: .nan, count: angles.count), cosine = sine
        angles.withUnsafeBufferPointer { a in
            sine.withUnsafeMutableBufferPointer { s in
                cosine.withUnsafeMutableBufferPointer { c in
                    SignalMath.sineCosine(a, sine: s.baseAddress!, cosine: c.baseAddress!)
                }
            }
        }
        return (sine, cosine)
    }

    @Test func withinTwoUlpsOfLibmOverSeveralTurns() {
        // 200 001 angles over ±40 rad (six turns either way), an odd count (the last one alone),
        // plus the multiples of π/2 and π/4 and their neighbours, where the reduction cancels.
        var angles = (0...200_000).map { -40 + 80 * Double($0) / 200_000 }
        for k in -25...25 {
            for base in [Double(k) * .pi / 2, Double(k) * .pi / 4] {
                angles += [base, base.nextUp, base.nextDown, base + 1e-9, base - 1e-9]
            }
        }
        angles += [0, -0.0, 1e-300, -1e-300, Double.leastNonzeroMagnitude]
        let (sine, cosine) = batch(angles)
        var worst = 0.0
        for (i, x) in angles.enumerated() {
            worst = max(worst, ulps(sine[i], sin(x)), ulps(cosine[i], cos(x)))
        }
        #expect(worst <= 2, "worst error \(worst) ulp")
    }

    @Test func largeAndNonFiniteAnglesGoToLibm() {
        let angles = [1e6, -3e7, .infinity, -.infinity, .nan, 0.5]
        let (sine, cosine) = batch(angles)
        for (i, x) in angles.prefix(5).enumerated() {
            #expect(sine[i].bitPattern == sin(x).bitPattern || (sine[i].isNaN && sin(x).isNaN))
            #expect(cosine[i].bitPattern == cos(x).bitPattern || (cosine[i].isNaN && cos(x).isNaN))
        }
        #expect(ulps(sine[5], sin(0.5)) <= 2 && ulps(cosine[5], cos(0.5)) <= 2)
    }

    @Test func emptyAndSingleAngles() {
        #expect(batch([]).sine.isEmpty)
        let (sine, cosine) = batch([1.0])
        #expect(ulps(sine[0], sin(1.0)) <= 2 && ulps(cosine[0], cos(1.0)) <= 2)
    }
}
