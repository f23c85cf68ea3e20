import Foundation
import HipDriveDSP

/// Movement smoothness and rep-shape measures (indicators, never diagnoses).
enum Smoothness {
    /// Spectral arc length (SPARC) of a speed profile, after Balasubramanian et al. 2015:
    /// the arc length of the normalised magnitude spectrum |V(f)|/|V(0)| over f/fc, up to the
    /// adaptive cutoff fc (the last frequency below `maximumCutoffHz` where the magnitude is
    /// above `amplitudeThreshold`). Closer to 0 is smoother; a single smooth bell-shaped
    /// profile scores about −1.4 to −1.6.
    ///
    /// The spectrum is the FFTW real transform of the speed zero-padded to 2^(⌈log2 n⌉ + 4)
    /// points (fine frequency resolution for the arc length); only the bins up to
    /// `maximumCutoffHz` are used. (An earlier direct DFT over those bins cost 9 % of an
    /// accelerometer-only analysis; the cached-plan FFT is several times cheaper.)
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
        let workspace = RealFFT<Double>.Workspace(RealFFT<Double>(size: padded))
        let input = workspace.input
        for k in 0..<padded { input[k] = k < n ? speed[k] : 0 }
        let bins = workspace.forwardInPlace()
        var magnitude = [Double](repeating: 0, count: binCount)
        for bin in 0..<binCount { magnitude[bin] = (bins[bin].real * bins[bin].real + bins[bin].imaginary * bins[bin].imaginary).squareRoot() }
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
