import Foundation

/// Movement smoothness and rep-shape measures (indicators, never diagnoses).
enum Smoothness {
    /// Spectral arc length (SPARC) of a speed profile, after Balasubramanian et al. 2015:
    /// the arc length of the normalised magnitude spectrum |V(f)|/|V(0)| over f/fc, up to the
    /// adaptive cutoff fc (the last frequency below `maximumCutoffHz` where the magnitude is
    /// above `amplitudeThreshold`). Closer to 0 is smoother; a single smooth bell-shaped
    /// profile scores about −1.4 to −1.6.
    ///
    /// The spectrum is evaluated only on the bins below the cutoff (a direct DFT over a zero-
    /// padded grid of 2^(⌈log2 n⌉ + 4) points): for a rep of a few hundred samples that is a few
    /// hundred bins, cheaper than a full transform of the padded buffer.
    /// - Parameters:
    ///   - speed: |v| over the rep, m/s.
    ///   - sampleRate: Hz.
    static func sparc(_ speed: [Double], sampleRate: Double, maximumCutoffHz: Double = 10,
                      amplitudeThreshold: Double = 0.05) -> Double? {
        let n = speed.count
        guard n >= 8, speed.contains(where: { $0 > 0 }) else { return nil }
        var padded = 1
        while padded < n { padded <<= 1 }
        padded <<= 4
        let resolution = sampleRate / Double(padded)
        let binCount = min(padded / 2, Int(maximumCutoffHz / resolution) + 1)
        guard binCount > 2 else { return nil }
        var magnitude = [Double](repeating: 0, count: binCount)
        speed.withUnsafeBufferPointer { samples in
            for bin in 0..<binCount {
                let omega = 2 * Double.pi * Double(bin) / Double(padded)
                // Rotation recurrence instead of cos/sin per sample.
                let stepCos = cos(omega), stepSin = sin(omega)
                var c = 1.0, s = 0.0, re = 0.0, im = 0.0
                for k in 0..<n {
                    re += samples[k] * c
                    im -= samples[k] * s
                    let nc = c * stepCos - s * stepSin
                    s = s * stepCos + c * stepSin
                    c = nc
                }
                magnitude[bin] = (re * re + im * im).squareRoot()
            }
        }
        guard magnitude[0] > 0 else { return nil }
        let normalised = magnitude.map { $0 / magnitude[0] }
        var last = 0
        for (bin, value) in normalised.enumerated() where value >= amplitudeThreshold { last = bin }
        guard last > 0 else { return nil }
        let cutoff = Double(last) * resolution
        var arc = 0.0
        for bin in 1...last {
            let df = resolution / cutoff
            let dm = normalised[bin] - normalised[bin - 1]
            arc -= (df * df + dm * dm).squareRoot()
        }
        return arc
    }

    /// Number of points a rep's waveform is resampled to before shapes are compared.
    static let shapePoints = 64

    /// The rep's speed profile on a normalised time axis, for shape comparison.
    static func shape(_ speed: [Double]) -> [Double] {
        SignalMath.resample(speed, count: shapePoints)
    }
}
