import Foundation
import HipDriveRecordings
import Testing
@testable import HipDriveAnalysis
@testable import HipDriveSimulator
@testable import HipDriveValidation

/// Developer probe (not a check): per rep of chosen validation sessions, the accelerometer-only
/// bell fits against the simulator's truth. Runs only with HIPDRIVE_PROBE_SEEDS=<session seeds>
/// (HIPDRIVE_PROBE_RUN_SEED = the validate --seed, default 1).
@Test func probeBellAccelerometerOnlyFits() throws {
    let environment = ProcessInfo.processInfo.environment
    guard let list = environment["HIPDRIVE_PROBE_SEEDS"] else { return }
    let wanted = Set(list.split(separator: ",").compactMap { UInt64($0) })
    let runSeed = environment["HIPDRIVE_PROBE_RUN_SEED"].flatMap { UInt64($0) } ?? 1
    let maxReps = environment["HIPDRIVE_PROBE_REPS"].flatMap { Int($0) } ?? 6
    let options = ValidationOptions(sessions: 200, seed: runSeed)
    var random = SplitMix64(seed: options.seed)
    let deg = 180 / Double.pi
    let g = HipDriveAnalysis.standardGravity
    for k in 0..<options.sessions {
        let config = SessionDraw.draw(&random, index: k, options: options)
        guard wanted.contains(config.seed) else { continue }
        let session = Simulator.simulate(config)
        let ideal = session.idealTrace
        var trace = ideal
        if environment["HIPDRIVE_PROBE_FILE"] != nil {
            let formats: [SimulatedFormat] = [.physicsToolbox, .phyphox, .metawear]
            let format = formats[Int(config.seed % UInt64(formats.count))]
            trace = try withRecordingThroughFile(session, format: format) { recording in
                guard case .motion(let t) = recording.content else { throw CocoaError(.fileReadUnknown) }
                return t
            }
            print("file trace", format, trace.sampleRate, trace.startTime, ideal.startTime, trace.count, ideal.count)
        }
        let fs = trace.sampleRate
        print(String(format: "SESSION %llu %@ %@ %.0f kg fs %.0f bellR %.2f sensorR %.2f grip %.2f",
                     config.seed, "\(config.style)", "\(config.hands)", config.massKg, fs,
                     session.truth.bellRadiusM ?? 0, session.truth.sensorRadiusM ?? 0, config.athlete.gripToBellM))
        let recording = Recording(source: URL(fileURLWithPath: "x"), format: "ideal", columns: [], content: .motion(trace))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .swing,
                                                   load: LoadSpecification(massKg: config.massKg)))
        let found = analysis.sets.flatMap(\.reps)
        var shown = 0
        for set in session.truth.sets {
            for rep in set.reps where shown < maxReps {
                shown += 1
                let match = found.first { abs($0.turnaround - rep.turnaround) < 0.3 }
                // True arm and bell angles over the rep.
                var arm: [Double] = [], bell: [Double] = []
                var t = rep.turnaround
                while t <= rep.end {
                    let theta = session.body.arm.evaluate(t).value
                    arm.append(theta)
                    bell.append(theta + session.body.bellPivot.evaluate(t).value)
                    t += 0.01
                }
                print(String(format: " rep %2d truth: arm %+.0f…%+.0f bell %+.0f…%+.0f dh %.2f vpk %.2f W %.0f MDP %.0f | found: dh %.2f vpk %.2f W %.0f MDP %.0f",
                             rep.index, (arm.min() ?? 0) * deg, (arm.max() ?? 0) * deg, (bell.min() ?? 0) * deg,
                             (bell.max() ?? 0) * deg, rep.displacementM, rep.peakSpeedMps, rep.workJ, rep.meanDrivePowerW,
                             match?.displacementM ?? -1, match?.peakSpeedMps ?? -1, match?.workJ ?? -1,
                             match?.meanDrivePowerW ?? -1))
                guard let match else { continue }
                let p0 = (match.turnaround - trace.startTime) * fs, p1 = (match.end - trace.startTime) * fs
                let lo = Int(p0.rounded(.down)), hi = Int(p1.rounded(.up))
                guard lo >= 0, hi < trace.count else { continue }
                let force = (lo...hi).map { trace.specificForce[$0] }
                let usable = Array(repeating: true, count: force.count)
                guard let fit = PlanarSwingFit.fit(force: force, dt: 1 / fs, startOffset: p0 - Double(lo),
                                                   endOffset: p1 - Double(lo), usable: usable) else {
                    print("   no rigid fit"); continue
                }
                var trueUp: [Double] = []
                for i in lo...hi {
                    let time = trace.startTime + Double(i) / fs
                    let j = max(0, min(ideal.count - 1, Int(((time - ideal.startTime) * ideal.sampleRate).rounded())))
                    let up = ideal.orientation[j].conjugate.rotate(Vector3(0, 0, 1))
                    trueUp.append(atan2(up.dot(fit.e2), up.dot(fit.e1)))
                }
                func summary(_ name: String, _ attitude: [Double], radius: Double, residual: Double, arm: [Double]?) {
                    var tilt: [Double] = []
                    var vx = 0.0, vz = 0.0, vmax = 0.0, worldZ: [Double] = [], worldX: [Double] = []
                    for offset in 0..<force.count {
                        let phi = attitude[offset]
                        tilt.append(remainder(phi - trueUp[offset], 2 * .pi))
                        let u = fit.e1 * cos(phi) + fit.e2 * sin(phi)
                        let across = fit.e1 * (-sin(phi)) + fit.e2 * cos(phi)
                        worldZ.append(force[offset].dot(u) - g)
                        worldX.append(force[offset].dot(across))
                    }
                    // Plain ZUPT over the samples.
                    var vzs = [0.0], vxs = [0.0]
                    for i in 1..<force.count {
                        vz += 0.5 * (worldZ[i] + worldZ[i - 1]) / fs; vx += 0.5 * (worldX[i] + worldX[i - 1]) / fs
                        vzs.append(vz); vxs.append(vx)
                    }
                    let n = Double(force.count - 1)
                    for i in 0..<force.count {
                        let a = vzs[i] - vz * Double(i) / n, b = vxs[i] - vx * Double(i) / n
                        vmax = max(vmax, (a * a + b * b).squareRoot())
                    }
                    let rms = (tilt.map { $0 * $0 }.reduce(0, +) / Double(tilt.count)).squareRoot()
                    let worst = tilt.map(abs).max() ?? 0
                    let armText = arm.map { a in String(format: " arm %+.0f…%+.0f", (a.min() ?? 0) * deg, (a.max() ?? 0) * deg) } ?? ""
                    print(String(format: "   %@ r %.2f res %.2f att %+.0f…%+.0f (true %+.0f…%+.0f)%@ tilt rms %.0f max %.0f end %+.0f %+.0f | zupt vpk %.2f endv %.2f",
                                 name, radius, residual, (attitude.min() ?? 0) * deg, (attitude.max() ?? 0) * deg,
                                 (trueUp.min() ?? 0) * deg, (trueUp.max() ?? 0) * deg, armText, rms * deg, worst * deg,
                                 tilt[0] * deg, tilt[tilt.count - 1] * deg, vmax, (vx * vx + vz * vz).squareRoot()))
                }
                let radius = (fit.pivot.0 * fit.pivot.0 + fit.pivot.1 * fit.pivot.1).squareRoot()
                summary("rigid", fit.upAngle, radius: radius, residual: fit.residualRMS, arm: nil)
                if let path = SwingPathFit.refine(fit, force: force, dt: 1 / fs, startOffset: p0 - Double(lo),
                                                  endOffset: p1 - Double(lo), usable: usable) {
                    summary("path ", path.attitude, radius: path.radius, residual: path.residualRMS, arm: path.armAngle)
                }
                // The true attitude with the same integration, for reference.
                summary("true ", trueUp, radius: session.truth.sensorRadiusM ?? 0, residual: 0, arm: nil)
            }
        }
    }
}
