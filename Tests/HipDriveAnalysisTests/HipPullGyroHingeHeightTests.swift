import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

@Suite struct HipPullGyroHingeHeightTests {
    /// A hip path that curves down as the hips go back (the thigh's arc about the knee: level at
    /// lockout, 5 cm lower at 0.2 m of travel) is read by the straight-path hinge as a lever far
    /// above the hips, and the travel comes out far too long; holding the lever at the pelvis's
    /// edge and fitting the path's curve brings it back. Exact, noise-free rigid-body kinematics
    /// in the fit's own sensor-frame convention (plane e1, e2 ⟂ the pitch axis n = e3).
    @Test func aCurvedHipPathIsNotReadAsLeverHeight() throws {
        let travel = 0.2, drop = 0.05, pitch = 0.6, lever = Vector3(0.08, 0.05, 0)  // sensor 8 cm above the hip joint
        let fs = 200.0, period = 2.4
        let n = Vector3(0, 0, 1), e1 = Vector3(1, 0, 0), e2 = Vector3(0, 1, 0)
        // s: 0 at lockout, 1 at the turnaround; the pelvis angle φ = pitch·s.
        let samples = (0..<Int(period * fs)).map { k -> (s: Double, sd: Double, sdd: Double) in
            let w = 2 * Double.pi / period, t = Double(k) / fs
            return (0.5 * (1 - cos(w * t)), 0.5 * w * sin(w * t), 0.5 * w * w * cos(w * t))
        }
        let centre = pitch * samples.reduce(0) { $0 + $1.s } / Double(samples.count)
        var gram = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
        var moment = [Double](repeating: 0, count: 6)
        for (s, sd, sdd) in samples {
            let phi = pitch * s, rate = pitch * sd, acceleration = pitch * sdd
            let u = e1 * cos(phi) - e2 * sin(phi), forward = n.cross(u)
            let w = n * rate, alpha = n * acceleration
            // Hips: back by travel·s along the horizontal, down by drop·s² (a curve, not a line).
            let xdd = -travel * sdd, zdd = -drop * (2 * s * sdd + 2 * sd * sd)
            let lhs = forward * xdd + u * zdd + alpha.cross(lever) + w.cross(w.cross(lever))
            let p = phi - centre, curved = 2 * p * acceleration + 2 * rate * rate
            let columns = [alpha.cross(e1) + w.cross(w.cross(e1)), alpha.cross(e2) + w.cross(w.cross(e2)),
                           forward * acceleration, forward * curved, u * acceleration, u * curved]
            for r in 0..<6 {
                moment[r] += columns[r].dot(lhs)
                for c in 0..<6 { gram[r][c] += columns[r].dot(columns[c]) }
            }
        }
        // The straight path (the fit's first solve): travel along forward + c·u, c = 0.12.
        let c = MotionRepFinder.hipDropPerTravel
        let combine: [[Double]] = [[1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 1, 0, c, 0], [0, 0, 0, 1, 0, c]]
        var normal = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
        var rhs = [Double](repeating: 0, count: 4)
        for r in 0..<4 {
            for a in 0..<6 {
                rhs[r] += combine[r][a] * moment[a]
                for q in 0..<4 { for b in 0..<6 { normal[r][q] += combine[r][a] * gram[a][b] * combine[q][b] } }
            }
        }
        let straight = try #require(PlanarSwingFit.solveSymmetric(normal, rhs))
        func stroke(_ x: [Double]) -> Double {
            let low = -centre, high = pitch - centre
            return abs(x[2] * (high - low) + x[3] * (high * high - low * low))
        }
        #expect(stroke(straight) > 1.4 * travel, "the straight path's stroke \(stroke(straight)) m should show the failure")
        let finder = MotionRepFinder(exercise: .hipPull, trace: GyroStopTests.emptyTrace(sampleRate: fs, count: 1))
        let placed = try #require(finder.placeLeverHeight(straight, gram: gram, moment: moment, drop: c, uprightAngle: 0))
        let height = placed[0]  // u = e1 at the upright
        #expect(abs(height - MotionRepFinder.pelvisSensorHeightRangeM.upperBound) < 1e-9)
        #expect(abs(stroke(placed) / travel - 1) < 0.25, "stroke \(stroke(placed)) m against \(travel) m")
    }
}
