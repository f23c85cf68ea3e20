import Foundation
import Testing
import HipDriveRecordings
@testable import HipDriveAnalysis

/// The accelerometer-only fits' bounded trial cost (AccelerometerOnlyFitProblems.swift): the
/// Levenberg–Marquardt driver asks for a try's cost only up to the cost it has to beat, and the
/// evaluation may stop there. A completed evaluation must be the unbounded one to the bit, and a
/// stopped one must still say "not lower" (≥ the bound), so that every accept/reject decision,
/// and with it every fit, is unchanged.
@Suite struct BoundedTrialCostTests {
    /// A rep, its rigid fit, and both problems set up on it as the fits set them up.
    static func problems() throws -> (rigid: RigidSwingProblem, rigidX: [Double], path: SwingPathProblem, pathX: [Double]) {
        let rep = try AccelerometerOnlyFitCoreTests.fittedRep(seed: 9)
        let (force, count, rigidFit, basis, times, t0, t1, restRates) =
            (rep.force, rep.force.count, rep.rigid, rep.basis, rep.times, rep.t0, rep.t1, rep.restRates)
        let weights = PlanarSwingFit.trapezoidWeights(times: times, from: t0, to: t1)
        let forceX = force.map { $0.dot(rigidFit.e1) }, forceY = force.map { $0.dot(rigidFit.e2) }
        // Every third sample left out pointwise (clipped), as the fits allow.
        let used = (0..<count).filter { $0 % 3 != 1 }
        let rigid = RigidSwingProblem(basis: basis, forceX: forceX, forceY: forceY, used: used,
                                      constraints: [(weights, 5)], restRates: restRates, restWeight: 5)
        let coefficients = try #require(basis.leastSquares(values: rigidFit.upAngle))
        let offset = atan2(rigidFit.pivot.1, rigidFit.pivot.0)
        let path = SwingPathProblem(basis: basis, forceX: forceX, forceY: forceY, used: used, weights: weights,
                                    restWeight: 5, priorForce: SwingPathFit.priorForcePerRad, offset: offset,
                                    restRates: restRates)
        let theta = try #require(basis.leastSquares(values: rigidFit.upAngle.map { $0 - offset }))
        let radius = (rigidFit.pivot.0 * rigidFit.pivot.0 + rigidFit.pivot.1 * rigidFit.pivot.1).squareRoot()
        // Moved off the fit so that the pointwise misfit is spread over the whole rep.
        var generator = SplitMix(seed: 2)
        let rigidX = (coefficients + [rigidFit.pivot.0, rigidFit.pivot.1]).map { $0 + 0.05 * generator.gaussian() }
        let pathX = (theta + coefficients + [radius]).map { $0 + 0.05 * generator.gaussian() }
        return (rigid, rigidX, path, pathX)
    }

    /// Checks one problem: a bound above the cost changes no bit of the cost or of the state;
    /// a bound below it gives a partial sum between the bound and the full cost, and stops early
    /// for a bound well below it.
    static func check<Problem: DampedLeastSquaresProblem>(_ problem: inout Problem, _ x: [Double],
                                                          residual: (Problem) -> [Double]) {
        let full = problem.trialCost(x)
        let fullResidual = residual(problem)
        #expect(full > 0 && full.isFinite)
        for factor in [1.0 + 1e-12, 2, 1e6] {
            let bounded = problem.trialCost(x, bound: full * factor)
            #expect(bounded.bitPattern == full.bitPattern, "bound \(factor)× the cost: \(bounded) vs \(full)")
            #expect(residual(problem) == fullResidual)
        }
        for factor in [0.999, 0.5, 0.01] {
            let bound = full * factor
            let partial = problem.trialCost(x, bound: bound)
            #expect(partial >= bound && partial <= full, "bound \(factor)× the cost: \(partial) outside [\(bound), \(full)]")
        }
        // A small bound is reached within the first blocks of samples: the evaluation stops
        // well short of the full sum (this is the saving; the value is a prefix of the sum).
        #expect(problem.trialCost(x, bound: full * 0.01) < full * 0.5)
        // The unbounded call still completes afterwards (no state left behind by a stopped one).
        #expect(problem.trialCost(x).bitPattern == full.bitPattern)
    }

    @Test func rigidPendulumBoundedCostDecidesAsTheFullCost() throws {
        let setup = try Self.problems()
        var rigid = setup.rigid
        Self.check(&rigid, setup.rigidX) { $0.trial.residual }
    }

    @Test func bellAttitudeBoundedCostDecidesAsTheFullCost() throws {
        let setup = try Self.problems()
        var path = setup.path
        Self.check(&path, setup.pathX) { $0.trial.residual }
    }
}
