#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tapering window for spectral estimation.
///
/// Coefficients follow `scipy.signal.get_window`: `periodic: true` (the default, scipy's
/// `fftbins=True`) gives the DFT-even window used for spectra (the length-N+1 symmetric window
/// without its last point); `periodic: false` gives the symmetric window used for filter design.
///
/// ```swift
/// let hann: [Double] = WindowFunction.hann.coefficients(length: 256)
/// let parsed = try WindowFunction(parsing: "tukey:0.25")
/// ```
public enum WindowFunction: Sendable, Hashable, CustomStringConvertible {
    /// All ones (no taper).
    case rectangular
    /// Hann: 0.5 − 0.5·cos(2πn/M).
    case hann
    /// Hamming: 0.54 − 0.46·cos(2πn/M).
    case hamming
    /// Blackman: 0.42 − 0.5·cos(2πn/M) + 0.08·cos(4πn/M).
    case blackman
    /// 4-term Blackman-Harris (−92 dB side lobes).
    case blackmanHarris
    /// Tukey (tapered cosine); `alpha` ∈ [0, 1] is the tapered fraction (0 = rectangular, 1 = Hann).
    case tukey(alpha: Double)
    /// Kaiser with shape `beta` (scipy's `('kaiser', beta)`).
    case kaiser(beta: Double)
    /// Gaussian with standard deviation `sigma` in samples (scipy's `('gaussian', std)`).
    case gaussian(sigma: Double)

    /// Window names accepted by `init(parsing:)`.
    public static let names = ["rectangular (boxcar)", "hann", "hamming", "blackman", "blackmanharris",
                               "tukey:ALPHA", "kaiser:BETA", "gaussian:SIGMA"]

    /// Parses "hann", "hamming", "blackman", "blackmanharris", "rectangular"/"boxcar",
    /// "tukey:0.25", "kaiser:8", "gaussian:7" (case-insensitive).
    public init(parsing text: String) throws(WindowParseError) {
        let parts = text.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        let name = parts.first ?? ""
        let parameter = parts.count > 1 ? Double(parts[1]) : nil
        if parts.count > 1 && parameter == nil { throw WindowParseError(text: text) }
        switch (name, parameter) {
        case ("rectangular", nil), ("boxcar", nil), ("rect", nil): self = .rectangular
        case ("hann", nil), ("hanning", nil): self = .hann
        case ("hamming", nil): self = .hamming
        case ("blackman", nil): self = .blackman
        case ("blackmanharris", nil), ("blackman-harris", nil): self = .blackmanHarris
        case ("tukey", let alpha?) where alpha >= 0 && alpha <= 1: self = .tukey(alpha: alpha)
        case ("tukey", nil): self = .tukey(alpha: 0.5)
        case ("kaiser", let beta?) where beta >= 0: self = .kaiser(beta: beta)
        case ("gaussian", let sigma?) where sigma > 0: self = .gaussian(sigma: sigma)
        default: throw WindowParseError(text: text)
        }
    }

    public var description: String {
        switch self {
        case .rectangular: return "rectangular"
        case .hann: return "hann"
        case .hamming: return "hamming"
        case .blackman: return "blackman"
        case .blackmanHarris: return "blackmanharris"
        case .tukey(let alpha): return "tukey:\(alpha)"
        case .kaiser(let beta): return "kaiser:\(beta)"
        case .gaussian(let sigma): return "gaussian:\(sigma)"
        }
    }

    /// The `length` window coefficients (computed in Double, then converted).
    /// - Parameters:
    ///   - length: number of points, ≥ 1.
    ///   - periodic: DFT-even (for spectra, default) or symmetric (for filter design).
    public func coefficients<Scalar: BinaryFloatingPoint>(length: Int, periodic: Bool = true) -> [Scalar] {
        precondition(length >= 1, "window length must be at least 1, got \(length)")
        if length == 1 { return [1] }
        // A periodic window of length N is the symmetric window of length N+1 without its last point.
        let symmetricLength = periodic ? length + 1 : length
        let m = Double(symmetricLength - 1)
        var values = [Scalar](repeating: 0, count: length)
        for n in 0..<length {
            values[n] = Scalar(value(at: Double(n), span: m))
        }
        return values
    }

    /// Value of the symmetric window of span `m` (= length − 1) at sample `n`.
    private func value(at n: Double, span m: Double) -> Double {
        let phase = 2 * Double.pi * n / m
        switch self {
        case .rectangular:
            return 1
        case .hann:
            return 0.5 - 0.5 * cos(phase)
        case .hamming:
            return 0.54 - 0.46 * cos(phase)
        case .blackman:
            return 0.42 - 0.5 * cos(phase) + 0.08 * cos(2 * phase)
        case .blackmanHarris:
            return 0.35875 - 0.48829 * cos(phase) + 0.14128 * cos(2 * phase) - 0.01168 * cos(3 * phase)
        case .tukey(let alpha):
            // scipy.signal.windows.tukey: cosine tapers over alpha·m/2 samples at each end.
            if alpha <= 0 { return 1 }
            if alpha >= 1 { return 0.5 - 0.5 * cos(phase) }
            let width = alpha * m / 2
            if n < width { return 0.5 * (1 + cos(Double.pi * (-1 + n / width))) }
            if n > m - width { return 0.5 * (1 + cos(Double.pi * (-2 / alpha + 1 + n / width))) }
            return 1
        case .kaiser(let beta):
            let ratio = 2 * n / m - 1
            return besselI0(beta * (max(0, 1 - ratio * ratio)).squareRoot()) / besselI0(beta)
        case .gaussian(let sigma):
            let offset = n - m / 2
            return exp(-0.5 * (offset / sigma) * (offset / sigma))
        }
    }
}

/// A window name that `WindowFunction(parsing:)` does not know.
public struct WindowParseError: Error, CustomStringConvertible {
    public let text: String
    public var description: String {
        "unknown window '\(text)'; use one of: " + WindowFunction.names.joined(separator: ", ")
    }
}

/// Modified Bessel function of the first kind, order 0, by its power series (converges for all
/// x; 1e-17 relative accuracy is reached well within the loop bound for |x| < 700).
func besselI0(_ x: Double) -> Double {
    var sum = 1.0
    var term = 1.0
    let quarterSquare = x * x / 4
    for k in 1..<500 {
        term *= quarterSquare / Double(k * k)
        sum += term
        if term < sum * 1e-17 { break }
    }
    return sum
}
