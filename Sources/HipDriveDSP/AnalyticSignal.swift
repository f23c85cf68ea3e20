#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The analytic signal z = x + i·H{x} of a real signal (H: the Hilbert transform), as
/// `scipy.signal.hilbert` computes it.
///
/// The forward DFT (e^(−2πi·kn/N), cached FFTW real plan) is kept at DC and (for even N) at
/// Nyquist, doubled at positive frequencies, zeroed at negative ones, and transformed back with
/// the normalised inverse (1/N). The real part of the result is the signal itself; the imaginary
/// part is its Hilbert transform (cos → sin). The signal is treated as periodic: near the ends,
/// where a non-periodic signal wraps around, envelope and phase are less reliable. Double
/// precision.
///
/// - Returns: N complex samples (units of the signal).
public func analyticSignal(_ signal: [Double]) -> [ComplexValue<Double>] {
    let count = signal.count
    precondition(count >= 1, "empty signal")
    let half = RealFFT<Double>(size: count).forward(signal)
    var full = [ComplexValue<Double>](repeating: ComplexValue(0, 0), count: count)
    full[0] = half[0]
    // Positive frequencies are bins 1…⌈N/2⌉−1; for even N, bin N/2 (Nyquist) is its own mirror.
    let lastPositive = (count - 1) / 2
    if lastPositive >= 1 {
        for k in 1...lastPositive { full[k] = ComplexValue(2 * half[k].real, 2 * half[k].imaginary) }
    }
    if count % 2 == 0 && count > 1 { full[count / 2] = half[count / 2] }
    return ComplexFFT<Double>(size: count).inverse(full)
}

/// The amplitude envelope |z| of the analytic signal (signal units, ≥ 0).
public func envelope(of signal: [Double]) -> [Double] {
    analyticSignal(signal).map(\.magnitude)
}

/// The unwrapped instantaneous phase arg z, radians, continuous (no 2π jumps).
public func instantaneousPhase(of signal: [Double]) -> [Double] {
    unwrap(analyticSignal(signal).map(\.phase))
}

/// The instantaneous frequency, Hz: the phase's increase per sample × sampleRate / 2π;
/// N − 1 values, value i for the interval between samples i and i+1.
public func instantaneousFrequency(of signal: [Double], sampleRate: Double) -> [Double] {
    let phase = instantaneousPhase(of: signal)
    guard phase.count > 1 else { return [] }
    return (1..<phase.count).map { (phase[$0] - phase[$0 - 1]) * sampleRate / (2 * Double.pi) }
}

/// Removes 2π jumps: each step is brought into [−π, π) by adding a multiple of 2π (numpy's
/// `unwrap`).
public func unwrap(_ phase: [Double]) -> [Double] {
    guard var previous = phase.first else { return [] }
    var offset = 0.0
    var result = [previous]
    result.reserveCapacity(phase.count)
    for value in phase.dropFirst() {
        let step = value - previous
        let wrapped = step - 2 * Double.pi * ((step + Double.pi) / (2 * Double.pi)).rounded(.down)
        offset += wrapped - step
        previous = value
        result.append(value + offset)
    }
    return result
}
