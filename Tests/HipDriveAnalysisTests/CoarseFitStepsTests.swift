import Foundation
import Testing
import HipDriveRecordings
@testable import HipDriveAnalysis

/// The accelerometer-only fits' coarse steps (AccelerometerOnlyFitCore.swift,
/// `DampedLeastSquares.resume`): the Levenberg–Marquardt steps are taken on every other sample and
/// finished with a few steps on all of them. The coarse problem must be the same problem (the
/// same integrals, the rows in the same proportion), and the fit must land where the fit on all
/// samples does, to well within what a rep's power resolves.
@Suite struct CoarseFitStepsTests {
    @Test func integralWeightsKeepTheIntegralOfALine() {
        // Trapezoid weights of [0.015 s, 1.68 s] on a 100 Hz grid of 171 and of 170 samples (odd and
        // even counts: the last dropped sample's weight goes to its one neighbour).
        for count in [171, 170] {
            let times = (0..<count).map { Double($0) * 0.01 }
            let weights = PlanarSwingFit.trapezoidWeights(times: times, from: 0.015, to: 1.68)
            let coarse = everyOtherSampleIntegralWeights(weights)
            #expect(coarse.count == (count + 1) / 2)
            let line = { (t: Double) in 3 - 2 * t }
            let full = zip(weights, times).reduce(0) { $0 + $1.0 * line($1.1) }
            let halved = coarse.enumerated().reduce(0) { $0 + $1.element * line(times[2 * $1.offset]) }
            #expect(abs(coarse.reduce(0, +) - weights.reduce(0, +)) < 1e-12)
            // Exact for a line inside the grid; the end sample's weight moves by 0.01 s at most.
            #expect(abs(halved - full) < 2 * 0.01 * weights[count - 1] + 1e-12, "\(halved) vs \(full)")
        }
    }

    @Test func coarseProblemIsHalfTheProblem() throws {
        let setup = try BoundedTrialCostTests.problems()
        var rigid = setup.rigid
        var coarseRigid = try #require(rigid.coarsened())
        #expect(coarseRigid.basis.sampleCount == (rigid.basis.sampleCount + 1) / 2)
        #expect(coarseRigid.used.allSatisfy { rigid.used.contains(2 * $0) })
        // The same point costs about half on half the rows (pointwise and integral rows alike).
        let full = rigid.trialCost(setup.rigidX), coarse = coarseRigid.trialCost(setup.rigidX)
        #expect(abs(coarse / full - 0.5) < 0.1, "coarse \(coarse), full \(full)")
        var path = setup.path
        var coarsePath = try #require(path.coarsened())
        let fullPath = path.trialCost(setup.pathX), halfPath = coarsePath.trialCost(setup.pathX)
        #expect(abs(halfPath / fullPath - 0.5) < 0.1, "coarse \(halfPath), full \(fullPath)")
        // The spline values at the kept samples are the full basis's.
        for i in [0, 7, coarseRigid.basis.sampleCount - 1] {
            #expect(coarseRigid.trial.value[i] == rigid.trial.value[2 * i])
        }
    }

    @Test func sparseSamplesAreNotCoarsened() throws {
        // 25 Hz: five samples per 0.2 s piece, too few to drop half.
        let spline = UniformCubicSpline(start: 0, end: 1.8, intervals: 9)
        let count = 46
        let basis = SampledSplineBasis(spline: spline, sampleCount: count, dt: 0.04)
        let zeros = [Double](repeating: 0, count: count)
        let problem = RigidSwingProblem(basis: basis, forceX: zeros, forceY: zeros, used: Array(0..<count),
                                        constraints: [], restRates: [], restWeight: 1)
        #expect(problem.coarsened() == nil)
    }

    @Test func fitLandsOnTheAllSampleFit() throws {
        // The per-row reference iterates on all samples to convergence; the fit's coarse steps and
        // its two final steps on all samples end within a small fraction of a degree and a few
        // millimetres of it, with the same residual to 0.5 %.
        for seed in [UInt64(3), 11, 9] {
            let force = AccelerometerOnlyFitCoreTests.noisyRep(seed: seed)
            let count = force.count
            var usable = [Bool](repeating: true, count: count)
            for i in stride(from: 40, to: 60, by: 3) { usable[i] = false }
            let fit = try #require(PlanarSwingFit.fit(force: force, dt: 0.01, startOffset: 2.4,
                                                      endOffset: Double(count - 3), usable: usable))
            let reference = try #require(ReferencePlanarSwingFit.fit(force: force, dt: 0.01, startOffset: 2.4,
                                                                     endOffset: Double(count - 3), usable: usable))
            let worst = zip(fit.upAngle, reference.upAngle).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst < 0.2 * Double.pi / 180, "up angle differs by \(worst) rad")
            #expect(abs(fit.pivot.0 - reference.pivot.0) < 0.005 && abs(fit.pivot.1 - reference.pivot.1) < 0.005)
            #expect(abs(fit.residualRMS / reference.residualRMS - 1) < 0.005)
        }
    }
}
