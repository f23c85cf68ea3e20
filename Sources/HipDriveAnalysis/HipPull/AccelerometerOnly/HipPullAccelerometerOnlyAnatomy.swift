import Foundation
import HipDriveRecordings

// Accelerometer-only hip pulls: when the hinge fit's travel per radian is not determined by the
// data, it is chosen by the hinge's anatomy.
//
// What the data determine. Without a gyroscope the direction of f gives the apparent tilt
// ψ = φ + atan(A/g), with A = L·φ̈ the hips' horizontal acceleration (HipPullAccelerometerOnlyRun
// .swift). To first order a rep of angular frequency ω has ψ's swing Ψ = Φ·(1 − L·ω²/g): the
// tilt fixes only a product of the pelvis' pitch range Φ and the hinge's L. L itself comes from
// second-order terms (|f| ≈ g + A²/2g, the lever's centripetal terms), and anything the hinge
// model leaves out moves them: a hip joint that drops on an arc as it goes back (a vertical
// acceleration along u), a pelvis rhythm that is not linear, soft tissue under the belt. On the
// independent simulator's hip pulls (hip joint drop 2–8 cm on an arc, pitch 30–70°, sensor at the
// back of the belt) the free fit settles in the MIRRORED basin, L −1.0…−1.7 m/rad with a 0.4–0.5 m
// lever (hips 0.8–0.9 m forward while the pelvis pitches forward), which fits the force better
// (rms 0.10 against 0.25 m/s²) than any hinge of the physical sign: a mismatched model whose
// best fit is not the body's. The sign is not a convention: with J u the world's forward in the
// sensor's plane (the model's J u(φ) = (−sin φ, cos φ) is it, whichever way the plane's basis is
// oriented), the hips travel back (x decreasing) as the pelvis pitches forward, so L > 0.
// (Checked on the independent simulator's exact kinematics: L = +0.127 m/rad for a session
// whose free fit read −1.5.)
//
// Such a fit used to be rejected (not a hinge) and the rep kept its integrated kinematics: the
// tilt's 5–10 m/s² of hips' acceleration read as travel, hips at 2–6 m/s and 40× the power.
//
// What is done instead, when the run's free fits do not give a plausible hip hinge (fewer than
// half of the reps are hinges of the physical sign, or their median stroke or pitch range is not a
// human hip hinge's): the reps are fitted with L HELD at each value of a grid covering every
// plausible build (0.08–0.75 m/rad), the lever and the angle free, and the run's L is the grid
// value that best agrees with the anatomy of a hip hinge: a hip stroke of about 0.22 m
// (0.12–0.40 m for band pull-throughs and hip hinges) and a pelvis pitch range of about 50°
// (30–75°), each a log-normal prior, together with the data's own weak preference among the
// held fits (their residuals, a mismatch correlated over the rep: one observation per window).
// Because Ψ = Φ·(1 − Lω²/g) ties
// the pitch range to L, the two priors pull from opposite sides: a larger L means a larger pitch
// and a larger stroke, and the data's tilt pins their product, so the choice is narrower than
// either prior alone. The fits carry `anatomicalPrior` (their L is a prior's, not a measurement).
extension HipHingeFit {
    /// Typical hip stroke of a band hip pull, m, and the spread of its logarithm: the hips travel
    /// 0.12–0.40 m back in a pull-through or hip hinge (knees soft, shins near vertical), one
    /// spread either side of 0.22 m is 0.155–0.31 m.
    static let typicalStrokeM = 0.22
    static let strokeLogSpread = 0.35
    /// Typical pelvis pitch range of a hip hinge, rad (50°), and the spread of its logarithm: a
    /// hinge pitches the pelvis 30–75° (one spread either side of 50°: 37–67°).
    static let typicalPitchRad = 50 * Double.pi / 180
    static let pitchLogSpread = 0.3
    /// Travels per radian tried, m/rad: 0.08·1.25^k, 0.08–0.75 (a 0.12 m stroke over 75° to a
    /// 0.4 m stroke over 30°), 25 % apart: the stroke follows L about in proportion, so the
    /// grid's step is below the priors' spread.
    static let heldTravelGrid: [Double] = (0..<11).map { 0.08 * pow(1.25, Double($0)) }
    /// A run whose median stroke exceeds this (m) or whose pelvis turns more than
    /// `plausiblePitchRad` is not a human hip hinge: a hip pull-through moves the hips at most
    /// ~0.45 m (shins vertical, knees soft) and pitches the pelvis at most ~90°.
    static let plausibleStrokeM = 0.45
    static let plausiblePitchRad = 0.5 * Double.pi
    /// Reps a run's anatomical L is scored on, at most: eight reps' priors and residuals already
    /// make the choice sharper than the grid's 25 % step, and a long set then costs one held fit
    /// per rep plus eleven per scored rep instead of eleven per rep.
    static let anatomyScoredReps = 8

    /// The range of the pelvis angle over the fit's samples, rad.
    var pitchRange: Double {
        var low = Double.infinity, high = -Double.infinity
        for t in times {
            let v = angle(at: t).value
            low = min(low, v); high = max(high, v)
        }
        return high > low ? high - low : 0
    }

    /// The hips' travel range over the fit's samples, m.
    var strokeRange: Double {
        var low = Double.infinity, high = -Double.infinity
        for t in times {
            let x = travel(atAngle: angle(at: t).value).value
            low = min(low, x); high = max(high, x)
        }
        return high > low ? high - low : 0
    }

    /// A hinge of the physical sign (the hips go back as the pelvis pitches forward, L > 0).
    var isForwardHinge: Bool { isHinge && travelPerRadian > 0 }

    /// Whether the run's fits describe a human hip hinge: at least half of the reps with a window
    /// are hinges of the physical sign, and their median stroke and pitch range are within a hip
    /// hinge's (`plausibleStrokeM`, `plausiblePitchRad`).
    static func isPlausibleRun(_ fits: [HipHingeFit?], windows: Int) -> Bool {
        let hinges = fits.compactMap { $0 }.filter(\.isForwardHinge)
        guard windows > 0, 2 * hinges.count >= windows,
              let stroke = SignalMath.median(hinges.map(\.strokeRange)),
              let pitch = SignalMath.median(hinges.map(\.pitchRange)) else { return false }
        return stroke <= plausibleStrokeM && pitch <= plausiblePitchRad
    }

    /// The run's reps fitted with L held on `heldTravelGrid`, the run's L chosen by the anatomy
    /// (see the file's notes); nil when no held fit converges.
    static func fitAnatomical(_ problems: [HingeWindow?], debug: Bool) -> [HipHingeFit?]? {
        let grid = heldTravelGrid
        // The run's L is scored on at most `anatomyScoredReps` reps spread over the run (L belongs
        // to the run; every rep scored costs a held fit per grid value), then every rep is
        // fitted at the chosen L.
        let present = problems.indices.filter { problems[$0] != nil }
        let step = max(1, (present.count + anatomyScoredReps - 1) / anatomyScoredReps)
        let scored = Set(present.enumerated().filter { $0.offset % step == 0 }.map(\.element))
        // fits[g][k]: rep k held at grid value g, with its cost (nil for reps not scored).
        let fits = grid.map { L in problems.indices.map { scored.contains($0) ? problems[$0]?.fitHeld(travelPerRadian: L) : nil } }
        var scores = [Double](repeating: 0, count: grid.count)
        var counted = 0
        for k in problems.indices {
            guard problems[k] != nil, scored.contains(k) else { continue }
            let costs = fits.map { $0[k]?.cost }
            guard costs.allSatisfy({ $0 != nil }) else { continue }
            // The data's preference among the held fits: their cost above the best held one, in
            // units of its residual variance. This is the fallback for a run the hinge model does
            // not fit as a hinge: its residual is the model's mismatch (0.25 m/s² against a
            // sensor's 0.1), smooth and correlated over the whole rep, so each window counts as
            // one observation per component of the force, not one per 0.1 s (which would let a
            // mismatch's 10 % change of residual outvote the anatomy: on the independent
            // simulator a basin at 100° of pitch and 2.8× the stroke).
            let best = costs.compactMap { $0 }.min() ?? 0
            let variance = max(best / 2, 1e-9)
            counted += 1
            for g in grid.indices {
                guard let fit = fits[g][k]?.fit, let cost = costs[g] else { continue }
                let pitch = max(fit.pitchRange, 1e-3), stroke = max(grid[g] * pitch, 1e-4)
                let s = log(stroke / typicalStrokeM) / strokeLogSpread, p = log(pitch / typicalPitchRad) / pitchLogSpread
                scores[g] += s * s + p * p + (cost - best) / variance
            }
        }
        guard counted > 0, let chosen = scores.indices.min(by: { scores[$0] < scores[$1] }) else { return nil }
        if debug {
            print("accel-only hinge from anatomy: L", grid[chosen], "scores", scores.map { ($0 * 10).rounded() / 10 })
        }
        return problems.indices.map { k in
            guard var fit = (fits[chosen][k] ?? problems[k]?.fitHeld(travelPerRadian: grid[chosen]))?.fit else { return nil }
            fit.anatomicalPrior = true
            return fit
        }
    }
}

extension HingeWindow {
    /// Weight of (L − held)² in a held fit's cost per used row, (m/s²)² per (m/rad)²: a step of
    /// 0.01 m/rad costs 0.1 (m/s²)² per row, several times a hinge's whole residual per row
    /// (0.01–0.06), so L stays at the held value.
    static let heldTravelWeightPerRow = 1e3

    /// The rep's linear hinge with its travel per radian held at `held` (m/rad), the lever and the
    /// angle fitted (Levenberg–Marquardt from the tilt's starts, as `fitAlone`, with the angle's
    /// swing also stretched: a larger L needs a larger pitch for the same tilt); the fit and its
    /// cost Σr² ((m/s²)²); nil when no start converges.
    func fitHeld(travelPerRadian held: Double) -> (fit: HipHingeFit, cost: Double)? {
        let count = tilt.count
        let mean = tilt.reduce(0, +) / Double(count)
        let starts = [zip(tilt, apparent).map { $0 - $1 }, zip(tilt, apparent).map { $0 + $1 }, tilt,
                      tilt.map { mean + 0.6 * ($0 - mean) }, tilt.map { mean + 1.4 * ($0 - mean) }]
        let initials = starts.compactMap { basis.leastSquares(values: $0) }
        guard !initials.isEmpty else { return nil }
        let n = spline.count
        let solver = LinearHingeSolver(window: self)
        solver.held = (held, Self.heldTravelWeightPerRow * Double(rows))
        let screened = initials.map { solver.refine($0 + [held, 0, 0], iterations: 4) }.sorted { $0.cost < $1.cost }
        guard let best = screened.first.map({ solver.refine($0.x, iterations: 30) }) else { return nil }
        let rms = (best.cost / Double(2 * rows)).squareRoot()
        let fit = HipHingeFit(times: times, spline: spline, coefficients: Array(best.x[0..<n]),
                              travelPerRadian: held, lever: (best.x[n + 1], best.x[n + 2]), residualRMS: rms)
        return (fit, best.cost)
    }
}
