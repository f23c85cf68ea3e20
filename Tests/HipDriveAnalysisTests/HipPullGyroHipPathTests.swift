import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// The gyro hinge's hip path on the two shapes a hip joint can take: the thigh's arc about the
/// knee (level at lockout, sinking as x²/2ℓ) and a straight line (the knees bending in step with
/// the hinge). Exact, noise-free rigid-body kinematics in the fit's sensor-frame convention (plane
/// e1, e2 ⟂ the pitch axis n = e3; at the upright the world's up is e1), fed through the same two
/// solves as `gyroHinge`: the straight path, then `placeLeverHeight`.
@Suite struct HipPullGyroHipPathTests {
    /// Stroke (m) from the straight fit and from the placed one (nil: the straight fit was kept)
    /// with the placed fit's sensor height above the hip joint (m),
    /// for hips travelling `travel` m back while the pelvis pitches `pitch` rad, the hip joint
    /// sinking by `slope`·x + x²/(2·`thigh`) at x m of travel, the sensor `height` m above the
    /// hip joint and `behind` m behind it at the upright.
    static func strokes(travel: Double, pitch: Double, slope: Double, thigh: Double?,
                        height: Double, behind: Double) throws -> (straight: Double, placed: Double?, placedHeight: Double?) {
        let fs = 200.0, period = 2.4
        let n = Vector3(0, 0, 1), e1 = Vector3(1, 0, 0), e2 = Vector3(0, 1, 0)
        let lever = Vector3(height, behind, 0)
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
            // Hips: back by travel·s; down by slope·x + x²/2ℓ with x = travel·s.
            let xdd = -travel * sdd
            let curve = thigh.map { travel * travel / $0 } ?? 0
            let zdd = -slope * travel * sdd - curve * (s * sdd + sd * sd)
            let lhs = forward * xdd + u * zdd + alpha.cross(lever) + w.cross(w.cross(lever))
            let p = phi - centre, curved = 2 * p * acceleration + 2 * rate * rate
            let columns = [alpha.cross(e1) + w.cross(w.cross(e1)), alpha.cross(e2) + w.cross(w.cross(e2)),
                           forward * acceleration, forward * curved, u * acceleration, u * curved]
            for r in 0..<6 {
                moment[r] += columns[r].dot(lhs)
                for c in 0..<6 { gram[r][c] += columns[r].dot(columns[c]) }
            }
        }
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
        let finder = MotionRepFinder(exercise: .hipPull, trace: GyroStopTests.emptyTrace(sampleRate: fs, count: 1))
        let placed = finder.placeLeverHeight(straight, gram: gram, moment: moment, drop: c, uprightAngle: 0)
        return (stroke(straight), placed.map(stroke), placed.map { $0[0] })  // u = e1 at the upright
    }

    /// A hip path that curves down as the hips go back (level at lockout, 5 cm lower at 0.2 m of
    /// travel: ℓ = 0.2²/(2·0.05) = 0.4 m) with the sensor 8 cm above the hip joint is read by the
    /// straight-path hinge as a lever far above the hips, and the travel comes out far too long;
    /// holding the lever at the pelvis's edge and fitting the path's curve brings it back.
    @Test func aCurvedHipPathIsNotReadAsLeverHeight() throws {
        let travel = 0.2, drop = 0.05
        let result = try Self.strokes(travel: travel, pitch: 0.6, slope: 0, thigh: travel * travel / (2 * drop),
                                      height: 0.08, behind: 0.05)
        #expect(result.straight > 1.4 * travel, "the straight path's stroke \(result.straight) m should show the failure")
        let placed = try #require(result.placed)
        let height = try #require(result.placedHeight)
        #expect(abs(height - MotionRepFinder.pelvisSensorHeightRangeM.upperBound) < 1e-9)
        #expect(abs(placed / travel - 1) < 0.25, "stroke \(placed) m against \(travel) m")
    }

    /// A belt sensor 10 cm above the hip joint (between the anterior superior iliac spine and the
    /// crest's top), hips 0.2 m back on the thigh's arc (ℓ = 0.45 m, 4.4 cm down at the
    /// turnaround), pelvis 35°: the straight path reads the arc as lever height (travel far too
    /// long), and the lever held at the top of the pelvis gives the stroke within 10 % (held at
    /// 0.15 m, above the crest, it came out 14 % long).
    @Test func theThighsArcIsNotReadAsLeverHeight() throws {
        let travel = 0.2
        let result = try Self.strokes(travel: travel, pitch: 0.6, slope: 0, thigh: 0.45, height: 0.10, behind: -0.10)
        #expect(result.straight > 1.3 * travel, "straight path \(result.straight) m should show the failure")
        let placed = try #require(result.placed)
        #expect(abs(placed / travel - 1) < 0.10, "stroke \(placed) m against \(travel) m")
    }

    /// The knees bending in step with the hinge (a straight hip path sinking 0.12 m per metre,
    /// HipDrive's simulator's shape) with the sensor 10 cm above the hip joint: the lever is on
    /// the pelvis, the fit is kept as it is and the stroke is exact.
    @Test func aStraightHipPathWithABeltSensorIsKept() throws {
        let travel = 0.35
        let result = try Self.strokes(travel: travel, pitch: 0.8, slope: MotionRepFinder.hipDropPerTravel, thigh: nil,
                                      height: 0.10, behind: -0.12)
        #expect(result.placed == nil, "the lever height should stay as measured")
        #expect(abs(result.straight / travel - 1) < 0.02, "stroke \(result.straight) m against \(travel) m")
    }
}
