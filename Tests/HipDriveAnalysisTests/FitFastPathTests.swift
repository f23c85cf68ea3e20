import Foundation
import Testing
@testable import HipDriveRecordings
@testable import HipDriveAnalysis

/// The hand-written fast paths of the accelerometer-only fits must give the numbers of the code
/// they replace: the banded Cholesky the same bits as the dense one, `sineCosine` the bits of
/// `sin` and `cos`, and the hip-pull hinge's flat normal equations those of the block form at
/// K = 0 (up to the regrouping of the sums); the readers' median by selection the sorted median.
@Suite struct FitFastPathTests {
    /// A symmetric positive definite matrix (size², row-major) with a band of half-width `band`
    /// over its leading `size − border` rows and a dense border: JᵀJ of random rows with that
    /// pattern, plus a small diagonal.
    static func patterned(size n: Int, band: Int, border: Int, seed: UInt64) -> [Double] {
        var generator = SplitMix(seed: seed)
        var a = [Double](repeating: 0, count: n * n)
        let banded = n - border
        for start in 0..<max(1, banded - band) {
            // One row touching band + 1 consecutive coefficients and every border unknown.
            var columns = Array(start..<min(banded, start + band + 1))
            columns += Array(banded..<n)
            let values = columns.map { _ in generator.gaussian() }
            for (p, i) in columns.enumerated() { for (q, j) in columns.enumerated() { a[i * n + j] += values[p] * values[q] } }
        }
        for i in 0..<n { a[i * n + i] += 0.1 }
        return a
    }

    @Test func bandedCholeskyGivesTheDenseBits() {
        for (size, band, border) in [(20, 3, 3), (17, 3, 0), (9, 2, 4)] {
            let a = Self.patterned(size: size, band: band, border: border, seed: UInt64(size))
            var generator = SplitMix(seed: 7)
            let b = (0..<size).map { _ in generator.gaussian() }
            var denseFactor = [Double](repeating: 0, count: size * size), dense = [Double](repeating: 0, count: size)
            #expect(DenseCholesky.solve(a, b, size: size, factor: &denseFactor, solution: &dense))
            let banded = BandedCholesky.solve(a, b, size: size, band: band, border: border)
            #expect(banded == dense, "size \(size) band \(band) border \(border)")
            var bandedFactor = [Double](repeating: 0, count: size * size)
            let factored = bandedFactor.withUnsafeMutableBufferPointer { l in
                l.baseAddress.map { BandedCholesky.factorize(a, size: size, band: band, border: border, into: $0) } ?? false
            }
            #expect(factored && bandedFactor == denseFactor)
        }
        // Not positive definite: refused, as by the dense solver.
        var indefinite = Self.patterned(size: 8, band: 3, border: 2, seed: 3)
        indefinite[5 * 8 + 5] = -1
        #expect(BandedCholesky.solve(indefinite, [Double](repeating: 1, count: 8), size: 8, band: 3, border: 2) == nil)
    }

    @Test func sineCosineGivesTheBitsOfSinAndCos() {
        var generator = SplitMix(seed: 21)
        for k in 0..<20_000 {
            let angle = (generator.uniform() - 0.5) * (k % 2 == 0 ? 8 : 200)
            let (s, c) = SignalMath.sineCosine(angle)
            #expect(s == sin(angle) && c == cos(angle), "angle \(angle)")
        }
    }

    /// A synthetic hinge rep in the sensor frame: the pelvis angle swinging by ±0.45 rad over 2 s,
    /// L = 0.45 m/rad, lever (0.12, −0.05) m, with noise; the plane is the sensor's x–z plane.
    static func hingeForce(seed: UInt64) -> [Vector3] {
        let g = standardGravity, dt = 0.01, L = 0.45, p = (0.12, -0.05)
        var generator = SplitMix(seed: seed)
        return (0..<220).map { i -> Vector3 in
            let t = Double(i) * dt, w = 2 * Double.pi / 2
            let phi = 1.2 + 0.45 * sin(w * t), rate = 0.45 * w * cos(w * t), acceleration = -0.45 * w * w * sin(w * t)
            let c = cos(phi), s = sin(phi)
            // f = φ̇² p + φ̈ J p + g u(φ) + L φ̈ J u(φ), J (x, y) = (−y, x).
            let fx = rate * rate * p.0 - acceleration * p.1 + g * c - L * acceleration * s
            let fy = rate * rate * p.1 + acceleration * p.0 + g * s + L * acceleration * c
            return Vector3(fx + 0.05 * generator.gaussian(), 0.2 * generator.gaussian(), fy + 0.05 * generator.gaussian())
        }
    }

    @Test func linearHingeNormalEquationsMatchTheBlockForm() throws {
        let force = Self.hingeForce(seed: 4)
        var usable = [Bool](repeating: true, count: force.count)
        for i in stride(from: 30, to: 50, by: 4) { usable[i] = false }
        let plane = try #require(HingePlane(force))
        let window = try #require(HingeWindow(force: force, dt: 0.01, usable: usable, plane: plane))
        let n = window.spline.count, size = n + 3
        let coefficients = try #require(window.basis.leastSquares(values: window.tilt))
        let constants = HingeConstants(travelPerRadian: 0.4, leverX: 0.08, leverY: -0.02)
        let x = coefficients + [constants.travelPerRadian, constants.leverX, constants.leverY]
        let reference = window.residuals(coefficients, constants)
        var fast = [Double](repeating: 0, count: 2 * window.rows)
        let cost = x.withUnsafeBufferPointer { x in fast.withUnsafeMutableBufferPointer { window.linearResiduals(x, into: $0) } }
        #expect(fast == reference)
        #expect(cost == HingeWindow.cost(reference))
        // The block form at K = 0, assembled into the full system.
        let blocks = window.normal(coefficients, constants, reference)
        var expected = [Double](repeating: 0, count: size * size)
        for i in 0..<n {
            for j in 0..<n { expected[i * size + j] = blocks.splineBlock[i * n + j] }
            for k in 0..<3 {
                expected[i * size + n + k] = blocks.crossBlock[i * HingeConstants.count + k]
                expected[(n + k) * size + i] = blocks.crossBlock[i * HingeConstants.count + k]
            }
        }
        for k in 0..<3 { for l in 0..<3 { expected[(n + k) * size + n + l] = blocks.constantBlock[k * HingeConstants.count + l] } }
        let expectedGradient = blocks.splineGradient + blocks.constantGradient[0..<3]
        var normal = [Double](repeating: 0, count: size * size), gradient = [Double](repeating: 0, count: size)
        x.withUnsafeBufferPointer { x in
            fast.withUnsafeBufferPointer { r in
                normal.withUnsafeMutableBufferPointer { jtj in
                    gradient.withUnsafeMutableBufferPointer { jtr in
                        if let x = x.baseAddress, let r = r.baseAddress, let jtj = jtj.baseAddress, let jtr = jtr.baseAddress {
                            window.linearNormal(x, r, normal: jtj, gradient: jtr)
                        }
                    }
                }
            }
        }
        let scale = expected.map(abs).max() ?? 1, gradientScale = expectedGradient.map(abs).max() ?? 1
        let worst = zip(normal, expected).map { abs($0 - $1) }.max() ?? .infinity
        let worstGradient = zip(gradient, expectedGradient).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-12 * scale, "JᵀJ differs by \(worst) of \(scale)")
        #expect(worstGradient <= 1e-12 * gradientScale, "Jᵀr differs by \(worstGradient) of \(gradientScale)")
        // And the fit recovers the hinge it was made from.
        let fit = try #require(window.fitAlone())
        #expect(fit.isHinge)
        #expect(abs(abs(fit.travelPerRadian) - 0.45) < 0.05, "L \(fit.travelPerRadian)")
    }

    @Test func medianBySelectionIsTheSortedMedian() {
        var generator = SplitMix(seed: 9)
        for count in [1, 2, 3, 10, 11, 1000, 1001] {
            for repeats in [false, true] {
                var values = (0..<count).map { _ in repeats ? Double(Int(generator.uniform() * 5)) : generator.gaussian() }
                if count > 3 { values[1] = .nan; values[2] = .infinity }
                let finite = values.filter { $0.isFinite }.sorted()
                let middle = finite.count / 2
                let expected = finite.count % 2 == 1 ? finite[middle] : 0.5 * (finite[middle - 1] + finite[middle])
                #expect(Statistics.median(values) == expected, "\(count) values, repeats \(repeats)")
            }
        }
        #expect(Statistics.median([.nan]).isNaN)
    }
}
