import Foundation
import HipDriveRecordings
import HipDriveSimulator
import Testing
@testable import HipDriveAnalysis
@testable import HipDriveValidation

/// Per-rep decomposition of the accelerometer-only swing fit against the simulator's truth:
/// tilt error of the fitted up direction, rise and speed from the fitted and from the true
/// world acceleration with the same zero-velocity update, and the fitted radius. Runs only when
/// HIPDRIVE_ACCP_DECOMPOSE=<validate seed> is set (a developer's tool, not a check); optional
/// HIPDRIVE_ACCP_SESSIONS=<max sessions>, HIPDRIVE_ACCP_WRIST=1 for the wrist group.
@Test func decomposeAccelerometerOnlySwingFit() throws {
    let environment = ProcessInfo.processInfo.environment
    guard let seedText = environment["HIPDRIVE_ACCP_DECOMPOSE"], let runSeed = UInt64(seedText) else { return }
    let maximum = environment["HIPDRIVE_ACCP_SESSIONS"].flatMap { Int($0) } ?? 8
    let placement = environment["HIPDRIVE_ACCP_WRIST"] != nil ? "wrist" : "bell"
    let options = ValidationOptions(sessions: 200, seed: runSeed)
    var random = SplitMix64(seed: options.seed)
    var done = 0
    let g = standardGravity
    for k in 0..<options.sessions where done < maximum {
        let config = SessionDraw.draw(&random, index: k, options: options)
        guard SessionDraw.group(of: config) == "swing/\(placement)/accel-only" else { continue }
        done += 1
        let session = Simulator.simulate(config)
        let trace = session.idealTrace
        let fs = trace.sampleRate
        print(String(format: "SESSION %d seed %llu %@ %@ %.0f kg fs %.0f radius %.2f sensorR %.2f",
                     k, config.seed, "\(config.style)", "\(config.hands)", config.massKg, fs,
                     session.truth.bellRadiusM ?? 0, session.truth.sensorRadiusM ?? 0))
        let recording = Recording(source: URL(fileURLWithPath: "x"), format: "ideal", columns: [], content: .motion(trace))
        let analysis = try SessionAnalyzer.analyze(recording, settings: AnalysisSettings(exercise: .swing,
                                                   load: LoadSpecification(massKg: config.massKg)))
        let found = analysis.sets.flatMap(\.reps)
        for set in session.truth.sets {
            for rep in set.reps {
              let match = found.first { abs($0.turnaround - rep.turnaround) < 0.3 }
              if let match {
                  print(String(format: "  found dt0 %+.3f dt1 %+.3f dh %.3f work %+.0f%%", match.turnaround - rep.turnaround,
                               match.end - rep.end, match.displacementM ?? -1, 100 * ((match.workJ ?? 0) / rep.workJ - 1)))
              }
              var variants = [("truth", rep.turnaround, rep.end)]
              if let match { variants.append(("found", match.turnaround, match.end)) }
              for (label, turnTime, endTime) in variants {
                print("   bounds", label)
                let p0 = (turnTime - trace.startTime) * fs, p1 = (endTime - trace.startTime) * fs
                let pa = (rep.apex - trace.startTime) * fs
                let lo = Int(p0.rounded(.down)), hi = Int(p1.rounded(.up))
                guard lo >= 0, hi < trace.count else { continue }
                let force = (lo...hi).map { trace.specificForce[$0] }
                guard let fit = PlanarSwingFit.fit(force: force, dt: 1 / fs, startOffset: p0 - Double(lo),
                                                   endOffset: p1 - Double(lo),
                                                   usable: Array(repeating: true, count: force.count)) else {
                    print("  rep \(rep.index) no fit"); continue
                }
                let apexIndex = min(force.count - 1, max(1, Int((pa - Double(lo)).rounded())))
                // Velocity with the bias that zeroes it at the end (the rep's ZUPT), on samples.
                func velocity(_ a: [Double]) -> [Double] {
                    var v = [Double](repeating: 0, count: a.count)
                    for i in 1..<a.count { v[i] = v[i - 1] + 0.5 * (a[i] + a[i - 1]) / fs }
                    let bias = v[a.count - 1] / Double(a.count - 1)
                    return v.indices.map { v[$0] - bias * Double($0) }
                }
                func rise(_ v: [Double], to index: Int) -> Double {
                    var h = 0.0
                    for i in 1...index { h += 0.5 * (v[i] + v[i - 1]) / fs }
                    return h
                }
                var trueZ: [Double] = [], trueX: [Double] = [], trueY: [Double] = [], trueUp: [Double] = []
                for i in lo...hi {
                    trueZ.append(trace.linearAcceleration.z[i])
                    trueX.append(trace.linearAcceleration.x[i])
                    trueY.append(trace.linearAcceleration.y[i])
                    let up = trace.orientation[i].conjugate.rotate(Vector3(0, 0, 1))
                    trueUp.append(atan2(up.dot(fit.e2), up.dot(fit.e1)))
                }
                let vzt = velocity(trueZ), vxt = velocity(trueX), vyt = velocity(trueY)
                let speedTrue = vzt.indices.map { (vzt[$0] * vzt[$0] + vxt[$0] * vxt[$0] + vyt[$0] * vyt[$0]).squareRoot() }
                let bottom = speedTrue[0..<apexIndex].indices.max { speedTrue[$0] < speedTrue[$1] } ?? 0
                let hTrue = rise(vzt, to: apexIndex)
                let totalTrue = rise(vzt, to: vzt.count - 1), spanTrue = Double(vzt.count - 1)
                let hTrueClosed = rise(vzt.indices.map { vzt[$0] - 2 * totalTrue / (spanTrue / fs) * (1 - Double($0) / spanTrue) },
                                       to: apexIndex)
                let workTrue = rep.workJ / config.massKg
                print(String(format: "  rep %2d dh true %.3f int %.3f closed %.3f end %.3f | vpk true %.2f int %.2f | W/kg %.2f",
                             rep.index, rep.displacementM, hTrue, hTrueClosed, totalTrue, rep.peakSpeedMps, speedTrue.max() ?? 0, workTrue))
                func report(_ name: String, _ attitude: [Double], radius: Double, residual: Double) {
                    var tilt: [Double] = [], fitZ: [Double] = [], fitX: [Double] = [], fitY: [Double] = []
                    for offset in 0..<force.count {
                        let phi = attitude[offset]
                        tilt.append(remainder(phi - trueUp[offset], 2 * .pi))
                        let u = fit.e1 * cos(phi) + fit.e2 * sin(phi)
                        let across = fit.e1 * (-sin(phi)) + fit.e2 * cos(phi)
                        let f = force[offset]
                        fitZ.append(f.dot(u) - g)
                        fitX.append(f.dot(across))
                        fitY.append(f.dot(fit.n))
                    }
                    let vzf = velocity(fitZ), vxf = velocity(fitX), vyf = velocity(fitY)
                    let speedFit = vzf.indices.map { (vzf[$0] * vzf[$0] + vxf[$0] * vxf[$0] + vyf[$0] * vyf[$0]).squareRoot() }
                    let hFit = rise(vzf, to: apexIndex)
                    // With the position closed as MotionRep.closingLoop does.
                    let total = rise(vzf, to: vzf.count - 1), span = Double(vzf.count - 1)
                    let closedZ = vzf.indices.map { vzf[$0] - 2 * total / (span / fs) * (1 - Double($0) / span) }
                    let hClosed = rise(closedZ, to: apexIndex)
                    let workFit = g * hFit + 0.5 * speedFit[apexIndex] * speedFit[apexIndex]
                    let rms = (tilt.map { $0 * $0 }.reduce(0, +) / Double(tilt.count)).squareRoot()
                    let meanTilt = tilt.reduce(0, +) / Double(tilt.count)
                    print(String(format: "     %@ dh %.3f closed %.3f vpk %.2f W/kg %.2f (%+.0f%%) | tilt deg mean %+.1f rms %.1f turn %+.1f bottom %+.1f apex %+.1f | r %.2f res %.2f",
                                 name, hFit, hClosed, speedFit.max() ?? 0, workFit, 100 * (workFit / workTrue - 1),
                                 meanTilt * 180 / .pi, rms * 180 / .pi, tilt[0] * 180 / .pi, tilt[bottom] * 180 / .pi,
                                 tilt[apexIndex] * 180 / .pi, radius, residual))
                }
                let radius = (fit.pivot.0 * fit.pivot.0 + fit.pivot.1 * fit.pivot.1).squareRoot()
                report("rigid", fit.upAngle, radius: radius, residual: fit.residualRMS)
                if let path = SwingPathFit.refine(fit, force: force, dt: 1 / fs, startOffset: p0 - Double(lo),
                                                  endOffset: p1 - Double(lo),
                                                  usable: Array(repeating: true, count: force.count)) {
                    report("path ", path.attitude, radius: path.radius, residual: path.residualRMS)
                }
              }
            }
        }
    }
}
