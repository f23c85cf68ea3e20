import Foundation
import HipDriveRecordings

/// A second-order band-pass filter (RBJ audio-EQ cookbook, 0 dB peak gain), direct form I.
/// Hand-written: a few lines, and the simulator runs it sample by sample with a moving centre.
struct BandPass {
    private var b0 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0
    private var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0
    private let sampleRate: Double, q: Double

    init(centre: Double, q: Double, sampleRate: Double) {
        self.sampleRate = sampleRate
        self.q = q
        retune(centre)
    }

    mutating func retune(_ centre: Double) {
        let w0 = 2 * Double.pi * min(centre, 0.45 * sampleRate) / sampleRate
        let alpha = sin(w0) / (2 * q)
        let a0 = 1 + alpha
        b0 = alpha / a0
        b2 = -alpha / a0
        a1 = -2 * cos(w0) / a0
        a2 = (1 - alpha) / a0
    }

    mutating func process(_ x: Double) -> Double {
        let y = b0 * x + b2 * x2 - a1 * y1 - a2 * y2
        x2 = x1; x1 = x
        y2 = y1; y1 = y
        return y
    }
}

/// Renders what a phone on the floor hears during the session: room noise, the bell's whoosh
/// (band-passed noise whose level grows with the square of the bell's speed and whose centre
/// rises with it, as aerodynamic noise does), a sharp exhale near each float or lockout, and
/// clatter (metallic clanks) when the bell is set down and at the random clatter times.
struct AudioSynthesizer {
    var session: SimulatedSession

    func render() -> [Double] {
        let config = session.config, audio = config.audio
        let rate = audio.sampleRateHz
        let count = Int(session.truth.durationS * rate)
        var random = SeededGenerator(seed: config.seed ^ 0xA0D1_0A0D_1000_0001)
        var samples = [Double](repeating: 0, count: count)

        // Speed of the moving mass on a 200 Hz grid, interpolated per sample.
        let body = session.body
        let envelopeRate = 200.0
        let speeds: [Double] = (0...Int(session.truth.durationS * envelopeRate) + 1).map { k in
            let t = Double(k) / envelopeRate
            return config.exercise == .swing ? body.bell(at: t).velocity.norm : body.hips(at: t).velocity.norm
        }
        let topSpeed = max(speeds.max() ?? 1, 0.1)

        // Room: low-passed hiss plus mains hum.
        var hiss = 0.0
        var whoosh = BandPass(centre: 500, q: 1.2, sampleRate: rate)
        for i in 0..<count {
            let t = Double(i) / rate
            hiss = 0.9 * hiss + 0.1 * random.gaussian()
            var value = audio.roomNoiseLevel * (2.5 * hiss + 0.3 * sin(2 * .pi * 50 * t) + 0.15 * sin(2 * .pi * 150 * t))
            let position = t * envelopeRate
            let k = min(Int(position), speeds.count - 2)
            let speed = speeds[k] + (position - Double(k)) * (speeds[k + 1] - speeds[k])
            let relative = speed / topSpeed
            if relative > 0.02 {
                if i % 32 == 0 { whoosh.retune(250 + 220 * speed) }
                value += audio.whooshLevel * relative * relative * 2.2 * whoosh.process(random.gaussian())
            } else {
                _ = whoosh.process(0)
            }
            samples[i] = value
        }

        // Exhales: a sharp hiss starting a little before the float (lockout for hip pulls).
        for set in session.truth.sets {
            for rep in set.reps {
                let start = rep.apex - random.uniform(0.04...0.14)
                let length = random.uniform(0.22...0.38)
                let level = audio.exhaleLevel * random.factor(cv: 0.15)
                var breath = BandPass(centre: random.uniform(1400...2200), q: 0.9, sampleRate: rate)
                let first = max(0, Int(start * rate)), last = min(count, Int((start + length) * rate))
                guard first < last else { continue }
                for i in first..<last {
                    let u = (Double(i) / rate - start) / length
                    let envelope = min(1, u / 0.08) * exp(-3 * u)
                    samples[i] += level * envelope * 2.5 * breath.process(random.gaussian())
                }
            }
        }

        // Clatter: a few damped metallic partials and a click.
        for interval in session.truth.nonRepIntervals where interval.kind == "clatter" {
            let partials = (0..<4).map { _ in (random.uniform(700...3500), random.uniform(0.02...0.09), random.uniform(0.3...1)) }
            let level = audio.clatterLevel * random.uniform(0.6...1)
            let first = max(0, Int(interval.start * rate)), last = min(count, Int((interval.start + 0.4) * rate))
            guard first < last else { continue }
            for i in first..<last {
                let dt = Double(i - first) / rate
                var value = dt < 0.004 ? random.gaussian() * (1 - dt / 0.004) : 0
                for (frequency, decay, weight) in partials { value += weight * exp(-dt / decay) * sin(2 * .pi * frequency * dt) }
                samples[i] += level * value / 2.5
            }
        }
        for i in 0..<count { samples[i] = max(-0.99, min(0.99, samples[i])) }
        return samples
    }
}

