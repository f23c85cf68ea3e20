import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis

/// Accelerometer-only hip pulls: the hinge's travel per radian held, and chosen by the anatomy
/// when the free fit is not a hip hinge (HipPullAccelerometerOnlyAnatomy.swift).
@Suite struct HipPullAccelerometerOnlyAnatomyTests {
    /// Windows of specific force made by the linear hinge model itself (sensor frame: the plane of
    /// motion is x–z, the pitch axis y): hips travel L·φ, lever (0.05, 0.10) m, the pelvis angle
    /// φ = A·(1 − cos 2πt/T) over 1.4 periods of T = 2 s at 100 Hz, one window per amplitude.
    static func modelWindows(travelPerRadian L: Double, amplitudes: [Double]) -> [HingeWindow?] {
        let g = standardGravity, dt = 0.01, period = 2.0, w = 2 * Double.pi / period
        let px = 0.05, py = 0.10
        return amplitudes.map { amplitude in
            let force = (0..<280).map { i -> Vector3 in
                let t = Double(i) * dt
                let phi = 0.2 + amplitude * (1 - cos(w * t)), rate = amplitude * w * sin(w * t)
                let acceleration = amplitude * w * w * cos(w * t)
                let (s, c) = (sin(phi), cos(phi))
                let along = L * acceleration
                let fx = rate * rate * px - acceleration * py + g * c - along * s
                let fy = rate * rate * py + acceleration * px + g * s + along * c
                // The plane's first axis is the sensor's z, its second the sensor's x.
                return Vector3(fy, 0.001 * sin(3 * t), fx)
            }
            guard let plane = HingePlane(force) else { return nil }
            return HingeWindow(force: force, dt: dt, usable: force.map { _ in true }, plane: plane)
        }
    }

    /// Held at the true L the fit reproduces the force and the stroke (2·A·L); held at a wrong L it
    /// cannot fit the force as well.
    @Test func heldFitKeepsItsTravelPerRadian() throws {
        let L = HipHingeFit.heldTravelGrid[6]
        let window = try #require(Self.modelWindows(travelPerRadian: L, amplitudes: [0.45]).first ?? nil)
        let held = try #require(window.fitHeld(travelPerRadian: L))
        #expect(held.fit.travelPerRadian == L)
        #expect(held.fit.residualRMS < 0.05, "rms \(held.fit.residualRMS)")
        let stroke = held.fit.strokeRange
        #expect(abs(stroke / (2 * 0.45 * L) - 1) < 0.05, "stroke \(stroke) m")
        let wrong = try #require(window.fitHeld(travelPerRadian: 2 * L))
        #expect(wrong.cost > 4 * held.cost)
    }

    /// A run the model fits exactly: the anatomy's choice is the data's (their preference outweighs
    /// the priors), and the fits are flagged as taken from the anatomy.
    @Test func anatomicalChoiceFollowsDeterminingData() throws {
        let L = HipHingeFit.heldTravelGrid[6]
        let windows = Self.modelWindows(travelPerRadian: L, amplitudes: [0.4, 0.45, 0.5, 0.42])
        let fits = try #require(HipHingeFit.fitAnatomical(windows, debug: false))
        #expect(fits.count == 4)
        for fit in fits {
            let fit = try #require(fit)
            #expect(fit.travelPerRadian == L)
            #expect(fit.anatomicalPrior && fit.isHinge)
        }
    }

    /// Hips that travel forward as the pelvis pitches forward (L < 0, the mirrored basin the free
    /// fit falls into on a hinge the model does not describe) are no hip hinge: such a run is not
    /// plausible, the same fits with the physical sign are.
    @Test func mirroredHingeIsNotPlausible() throws {
        let L = HipHingeFit.heldTravelGrid[6]
        let windows = Self.modelWindows(travelPerRadian: L, amplitudes: [0.4, 0.45, 0.5])
        let forward = try windows.map { try #require($0?.fitHeld(travelPerRadian: L)?.fit) }
        #expect(forward.allSatisfy { $0.isForwardHinge })
        #expect(HipHingeFit.isPlausibleRun(forward, windows: 3))
        let mirrored = forward.map { fit -> HipHingeFit? in
            var out = fit
            out.travelPerRadian = -fit.travelPerRadian
            return out
        }
        #expect(mirrored.allSatisfy { $0?.isHinge == true })
        #expect(!HipHingeFit.isPlausibleRun(mirrored, windows: 3))
    }
}
