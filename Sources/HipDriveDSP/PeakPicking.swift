#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A local maximum of a sampled curve, refined between samples.
public struct Peak: Sendable, Equatable {
    /// Index of the highest sample of the peak (the middle of a flat top).
    public var index: Int
    /// Fractional index of the vertex of the parabola through the peak and its two neighbours
    /// (index ± 0.5 at most; equal to `index` at the ends of the array).
    public var position: Double
    /// Height of that vertex (≥ the sample at `index`), in the curve's units.
    public var height: Double
    /// How far the peak stands above the higher of the two lowest points separating it from
    /// higher ground on either side (scipy's prominence), in the curve's units.
    public var prominence: Double
}

/// The vertex of the parabola through (index−1, index, index+1).
///
/// δ = ½·(a − c)/(a − 2b + c) with a, b, c the three values; the vertex is at index + δ with
/// height b − ¼·(a − c)·δ. Returns (index, values[index]) at the ends or where the three points
/// are collinear.
public func parabolicVertex(in values: [Double], at index: Int) -> (position: Double, height: Double) {
    precondition(values.indices.contains(index), "index \(index) outside the values")
    guard index > 0 && index < values.count - 1 else { return (Double(index), values[index]) }
    let a = values[index - 1], b = values[index], c = values[index + 1]
    let curvature = a - 2 * b + c
    guard curvature != 0 && curvature.isFinite else { return (Double(index), b) }
    let offset = max(-1, min(1, 0.5 * (a - c) / curvature))
    return (Double(index) + offset, b - 0.25 * (a - c) * offset)
}

/// Local maxima of `values`, like `scipy.signal.find_peaks`, each refined by parabolic
/// interpolation.
///
/// A peak is a sample (or the middle of a run of equal samples) higher than both neighbours;
/// the first and last samples are never peaks. Peaks below `minimumHeight` or with prominence
/// below `minimumProminence` are dropped; then, highest first, any peak closer than
/// `minimumDistance` samples to a kept one is dropped.
///
/// - Returns: peaks in ascending index order.
public func findPeaks(in values: [Double], minimumHeight: Double = -.infinity, minimumProminence: Double = 0,
                      minimumDistance: Int = 1) -> [Peak] {
    precondition(minimumDistance >= 1, "minimum distance must be at least 1")
    var candidates: [Int] = []
    var index = 1
    let last = values.count - 1
    while index < last {
        if values[index - 1] < values[index] {
            // Walk over a flat top.
            var ahead = index + 1
            while ahead < last && values[ahead] == values[index] { ahead += 1 }
            if values[ahead] < values[index] {
                candidates.append((index + ahead - 1) / 2)
                index = ahead
                continue
            }
            index = ahead
            continue
        }
        index += 1
    }
    var peaks: [Peak] = []
    for peakIndex in candidates where values[peakIndex] >= minimumHeight {
        let prominence = peakProminence(values, peakIndex)
        guard prominence >= minimumProminence else { continue }
        let vertex = parabolicVertex(in: values, at: peakIndex)
        peaks.append(Peak(index: peakIndex, position: vertex.position, height: vertex.height, prominence: prominence))
    }
    guard minimumDistance > 1 && peaks.count > 1 else { return peaks }
    var keep = [Bool](repeating: true, count: peaks.count)
    let byHeight = peaks.indices.sorted { values[peaks[$0].index] > values[peaks[$1].index] }
    for chosen in byHeight where keep[chosen] {
        var other = chosen - 1
        while other >= 0 && peaks[chosen].index - peaks[other].index < minimumDistance { keep[other] = false; other -= 1 }
        other = chosen + 1
        while other < peaks.count && peaks[other].index - peaks[chosen].index < minimumDistance { keep[other] = false; other += 1 }
    }
    return peaks.indices.filter { keep[$0] }.map { peaks[$0] }
}

/// scipy's prominence: from the peak, go left and right until a strictly higher sample (or the
/// end); the higher of the two minima passed is the reference.
private func peakProminence(_ values: [Double], _ peak: Int) -> Double {
    let height = values[peak]
    var leftMinimum = height
    var cursor = peak - 1
    while cursor >= 0 && values[cursor] <= height {
        leftMinimum = min(leftMinimum, values[cursor])
        cursor -= 1
    }
    var rightMinimum = height
    cursor = peak + 1
    while cursor < values.count && values[cursor] <= height {
        rightMinimum = min(rightMinimum, values[cursor])
        cursor += 1
    }
    return height - max(leftMinimum, rightMinimum)
}

/// The frequency of the strongest sinusoid in `signal`, Hz, to a small fraction of a bin.
///
/// Hann window, zero-padding to `zeroPadding`·N points, the highest bin above DC, then parabolic
/// interpolation on the log magnitude (the log of a Hann main lobe is close to a parabola; with
/// 4× padding the bias of a pure tone is below 3·10⁻⁴ of an unpadded bin, sampleRate/N).
///
/// - Returns: nil for a signal with no energy above DC.
public func dominantFrequency(of signal: [Double], sampleRate: Double, zeroPadding: Int = 4) -> Double? {
    precondition(signal.count >= 4, "need at least 4 samples")
    precondition(zeroPadding >= 1, "zero padding factor must be at least 1")
    let window: [Double] = WindowFunction.hann.coefficients(length: signal.count)
    let fftLength = signal.count * zeroPadding
    let workspace = RealFFT<Double>.Workspace(RealFFT<Double>(size: fftLength))
    let input = workspace.input
    let mean = signal.reduce(0, +) / Double(signal.count)
    for index in 0..<fftLength { input[index] = index < signal.count ? (signal[index] - mean) * window[index] : 0 }
    let bins = workspace.forwardInPlace()
    let logMagnitude = bins.map { log(max($0.squaredMagnitude, .leastNormalMagnitude)) }
    guard let strongest = logMagnitude.indices.dropFirst().max(by: { logMagnitude[$0] < logMagnitude[$1] }),
          bins[strongest].squaredMagnitude > 0 else { return nil }
    let vertex = parabolicVertex(in: logMagnitude, at: strongest)
    return vertex.position * sampleRate / Double(fftLength)
}
