/// The floating-point types FFTW transforms: `Double` (libfftw3) and `Float` (libfftw3f).
///
/// Use `Double` for motion data and anything compared with scipy; use `Float` for long audio
/// (half the memory traffic, and 24-bit audio fits a Float's 24-bit significand).
public protocol FFTScalar: BinaryFloatingPoint, Sendable {
    /// Which FFTW library runs transforms of this type.
    static var fftPrecision: FFTPrecision { get }
}

/// The FFTW library a transform runs in.
public enum FFTPrecision: Sendable, Hashable {
    /// `fftw_*`, 64-bit IEEE floats.
    case double
    /// `fftwf_*`, 32-bit IEEE floats.
    case single
}

extension Double: FFTScalar {
    public static var fftPrecision: FFTPrecision { .double }
}

extension Float: FFTScalar {
    public static var fftPrecision: FFTPrecision { .single }
}

/// A complex number as FFTW stores it: real part, then imaginary part.
///
/// The layout (two `Scalar`s, real first) is the layout of `fftw_complex` / `fftwf_complex`, so
/// spectra are handed out without conversion.
@frozen
public struct ComplexValue<Scalar: FFTScalar>: Sendable, Hashable {
    public var real: Scalar
    public var imaginary: Scalar

    @inlinable
    public init(_ real: Scalar, _ imaginary: Scalar) {
        self.real = real
        self.imaginary = imaginary
    }

    /// |z|² = re² + im².
    @inlinable
    public var squaredMagnitude: Scalar { real * real + imaginary * imaginary }

    /// |z|.
    @inlinable
    public var magnitude: Scalar { squaredMagnitude.squareRoot() }

    /// The complex conjugate, re − i·im.
    @inlinable
    public var conjugate: ComplexValue { ComplexValue(real, -imaginary) }
}

extension ComplexValue where Scalar == Double {
    /// The argument atan2(im, re) in radians, in (−π, π].
    public var phase: Double { atan2Double(imaginary, real) }
}

extension ComplexValue where Scalar == Float {
    /// The argument atan2(im, re) in radians, in (−π, π].
    public var phase: Float { Float(atan2Double(Double(imaginary), Double(real))) }
}
