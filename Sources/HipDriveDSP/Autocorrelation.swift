/// How autocorrelation sums are scaled.
public enum AutocorrelationNormalization: Sendable, Hashable {
    /// The raw sums r[k] = Σₙ x[n]·x[n+k], units².
    case none
    /// r[k]/N (the biased estimate; a positive semi-definite sequence), units².
    case biased
    /// r[k]/(N − k) (unbiased, noisier at long lags), units².
    case unbiased
    /// r[k]/r[0]: correlation coefficients, 1 at lag 0, dimensionless.
    case coefficient
}

/// The autocorrelation of `signal` at lags 0…`maximumLag`, through the FFT.
///
/// r[k] = Σ_{n=0}^{N−1−k} x[n]·x[n+k] (linear, not circular: the signal is zero-padded to a
/// 2·3·5-smooth length ≥ N + maximumLag before |X|² is transformed back), then scaled as
/// `normalization` says. O(N log N), against O(N·lags) for the direct sum.
///
/// - Parameters:
///   - signal: samples (any unit), at least one.
///   - maximumLag: largest lag in samples, 0…N−1 (default N−1).
///   - removeMean: subtract the mean first (default true: the autocovariance).
///   - normalization: default `.coefficient`.
/// - Returns: maximumLag + 1 values, index = lag in samples.
public func autocorrelation(_ signal: [Double], maximumLag: Int? = nil, removeMean: Bool = true,
                            normalization: AutocorrelationNormalization = .coefficient) -> [Double] {
    let count = signal.count
    precondition(count >= 1, "empty signal")
    let lags = maximumLag ?? count - 1
    precondition(lags >= 0 && lags < count, "maximum lag \(lags) outside 0..<\(count)")
    let fftLength = fastFFTSize(atLeast: count + lags)
    let workspace = RealFFT<Double>.Workspace(RealFFT<Double>(size: fftLength))
    let input = workspace.input
    let mean = removeMean ? signal.reduce(0, +) / Double(count) : 0
    for index in 0..<count { input[index] = signal[index] - mean }
    for index in count..<fftLength { input[index] = 0 }
    let bins = workspace.forwardInPlace()
    // |X|² is the transform of the autocorrelation (Wiener–Khinchin).
    for k in 0..<bins.count { bins[k] = ComplexValue(bins[k].squaredMagnitude, 0) }
    let sums = workspace.inverse(UnsafeBufferPointer(bins))
    var result = Array(sums[0...lags])
    switch normalization {
    case .none:
        break
    case .biased:
        for k in result.indices { result[k] /= Double(count) }
    case .unbiased:
        for k in result.indices { result[k] /= Double(count - k) }
    case .coefficient:
        let zeroLag = result[0]
        for k in result.indices { result[k] = zeroLag > 0 ? result[k] / zeroLag : 0 }
    }
    return result
}
