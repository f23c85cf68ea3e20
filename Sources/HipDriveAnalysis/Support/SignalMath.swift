import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// libm's `sincos` (a GNU extension that Swift's Glibc module does not declare), looked up once;
/// nil where the C library has none.
private let libmSineCosine: (@convention(c) (Double, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void)? = {
    #if canImport(Glibc)
    guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "sincos") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (Double, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void).self)
    #else
    return nil
    #endif
}()

// Small time-domain helpers the analysis needs on short stretches of a trace (one set, one
// rep). They are O(n) loops over a few thousand samples; the spectral work (cadence over long
// stretches) goes through HipDriveDSP's FFTW plans.

enum SignalMath {
    /// Cumulative trapezoidal integral of `values` sampled every `dt` seconds; element 0 is 0.
    static func cumulativeIntegral(_ values: ArraySlice<Double>, dt: Double) -> [Double] {
        var out = [Double](repeating: 0, count: values.count)
        guard values.count > 1 else { return out }
        var sum = 0.0
        var previous = values[values.startIndex]
        var k = 1
        for value in values.dropFirst() {
            sum += 0.5 * (previous + value) * dt
            out[k] = sum
            previous = value
            k += 1
        }
        return out
    }

    static func cumulativeIntegral(_ values: [Double], dt: Double) -> [Double] {
        cumulativeIntegral(values[...], dt: dt)
    }

    /// Centred moving average over `window` samples (odd or even), shrinking at the edges so
    /// that every output is the mean of the samples actually available.
    static func movingAverage(_ values: [Double], window: Int) -> [Double] {
        let n = values.count
        guard n > 0, window > 1 else { return values }
        var prefix = [Double](repeating: 0, count: n + 1)
        for i in 0..<n { prefix[i + 1] = prefix[i] + values[i] }
        let half = window / 2
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let lo = max(0, i - half)
            let hi = min(n, i - half + window)
            out[i] = (prefix[hi] - prefix[lo]) / Double(hi - lo)
        }
        return out
    }

    /// `values` minus its centred moving average over `window` samples. Over exactly one period
    /// of a periodic signal the moving average is the signal's mean, so this removes integration
    /// drift and offsets without the phase shift of a causal high-pass filter.
    static func removingMovingAverage(_ values: [Double], window: Int) -> [Double] {
        let trend = movingAverage(values, window: window)
        return zip(values, trend).map { $0 - $1 }
    }

    /// Element-wise Euclidean norm of three equal-length channels.
    static func norm(_ x: [Double], _ y: [Double], _ z: [Double]) -> [Double] {
        precondition(x.count == y.count && y.count == z.count, "channels must have equal lengths")
        var out = [Double](repeating: 0, count: x.count)
        for k in 0..<x.count {
            let sum: Double = x[k] * x[k] + y[k] * y[k] + z[k] * z[k]
            out[k] = sum.squareRoot()
        }
        return out
    }

    /// Mean of `values`; 0 for an empty collection.
    static func mean<C: Collection>(_ values: C) -> Double where C.Element == Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// Median of `values`; nil for an empty collection.
    static func median<C: Collection>(_ values: C) -> Double? where C.Element == Double {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid])
    }

    /// Population standard deviation; 0 for fewer than two values.
    static func standardDeviation<C: Collection>(_ values: C) -> Double where C.Element == Double {
        guard values.count > 1 else { return 0 }
        let m = mean(values)
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)).squareRoot()
    }

    /// Least-squares slope of `values` over their index (0, 1, 2, …); nil for fewer than two.
    static func slope(_ values: [Double]) -> Double? {
        let n = values.count
        guard n > 1 else { return nil }
        let meanIndex = Double(n - 1) / 2
        let meanValue = mean(values)
        var sxy = 0.0, sxx = 0.0
        for (i, v) in values.enumerated() {
            let dx = Double(i) - meanIndex
            sxy += dx * (v - meanValue)
            sxx += dx * dx
        }
        return sxx > 0 ? sxy / sxx : nil
    }

    /// Pearson correlation; nil when either input is constant or the lengths differ.
    static func correlation(_ a: [Double], _ b: [Double]) -> Double? {
        guard a.count == b.count, a.count > 2 else { return nil }
        let ma = mean(a), mb = mean(b)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in 0..<a.count {
            let da = a[i] - ma, db = b[i] - mb
            sab += da * db
            saa += da * da
            sbb += db * db
        }
        guard saa > 0, sbb > 0 else { return nil }
        return sab / (saa * sbb).squareRoot()
    }

    /// Linear resampling of `values` to `count` points spanning the same interval.
    static func resample(_ values: [Double], count: Int) -> [Double] {
        precondition(count > 1, "resample needs at least two output points")
        guard values.count > 1 else { return [Double](repeating: values.first ?? 0, count: count) }
        let scale = Double(values.count - 1) / Double(count - 1)
        return (0..<count).map { k in
            let position = Double(k) * scale
            let i = min(Int(position), values.count - 2)
            let frac = position - Double(i)
            return values[i] * (1 - frac) + values[i + 1] * frac
        }
    }

    /// Averages blocks of `factor` samples (a boxcar anti-alias filter plus decimation).
    static func decimate(_ values: [Double], factor: Int) -> [Double] {
        guard factor > 1 else { return values }
        let n = values.count / factor
        var out = [Double](repeating: 0, count: n)
        values.withUnsafeBufferPointer { buffer in
            for k in 0..<n {
                var sum = 0.0
                for j in 0..<factor { sum += buffer[k * factor + j] }
                out[k] = sum / Double(factor)
            }
        }
        return out
    }

    /// Biased, normalised autocorrelation r[k] = Σ x[i]·x[i+k] / Σ x[i]² for k in 0...maxLag,
    /// after removing the mean. The biased estimator (divide by n, not n − k) makes r fall with
    /// lag, so a period T scores above its multiples 2T, 3T: the property the cadence picker
    /// relies on to avoid locking onto half the cadence.
    static func autocorrelation(_ values: [Double], maxLag: Int) -> [Double] {
        let n = values.count
        let lagCount = min(maxLag, n - 1)
        guard lagCount > 0 else { return [1] }
        let m = mean(values)
        let x = values.map { $0 - m }
        var r = [Double](repeating: 0, count: lagCount + 1)
        x.withUnsafeBufferPointer { buffer in
            for k in 0...lagCount {
                var sum = 0.0
                for i in 0..<(n - k) { sum += buffer[i] * buffer[i + k] }
                r[k] = sum
            }
        }
        let energy = r[0]
        guard energy > 0 else { return [Double](repeating: 0, count: lagCount + 1) }
        return r.map { $0 / energy }
    }

    /// Index of the local maxima of `values` (strictly greater than the left neighbour, at least
    /// the right one) inside `range`.
    static func localMaxima(_ values: [Double], in range: Range<Int>) -> [Int] {
        let lo = max(range.lowerBound, 1)
        let hi = min(range.upperBound, values.count - 1)
        guard lo < hi else { return [] }
        return (lo..<hi).filter { values[$0] > values[$0 - 1] && values[$0] >= values[$0 + 1] }
    }

    /// Parabolic interpolation of a peak at `index` of `values`: the fractional offset in
    /// (−0.5, 0.5) of the vertex of the parabola through the three samples around it.
    static func parabolicOffset(_ values: [Double], at index: Int) -> Double {
        guard index > 0, index + 1 < values.count else { return 0 }
        let a = values[index - 1], b = values[index], c = values[index + 1]
        let denominator = a - 2 * b + c
        guard denominator != 0 else { return 0 }
        return min(0.5, max(-0.5, 0.5 * (a - c) / denominator))
    }

    /// Eigen-decomposition of a symmetric 3×3 matrix by cyclic Jacobi rotations: the eigenvalues
    /// and the eigenvectors as the columns of `vectors` (vectors[k][j] is component k of the j-th).
    /// Written by hand: the package has no linear-algebra dependency, and a 3×3 symmetric matrix
    /// converges in a handful of sweeps.
    static func symmetricEigen3(_ a: [[Double]]) -> (values: [Double], vectors: [[Double]]) {
        var m = a
        var v: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        let scale = m[0][0] * m[0][0] + m[1][1] * m[1][1] + m[2][2] * m[2][2]
        for _ in 0..<50 {
            var off = 0.0
            for p in 0..<3 { for q in (p + 1)..<3 { off += m[p][q] * m[p][q] } }
            if off < 1e-30 || off < 1e-18 * scale { break }
            for p in 0..<3 {
                for q in (p + 1)..<3 where abs(m[p][q]) > 1e-300 {
                    // The rotation that zeroes m[p][q] (Numerical Recipes' stable form).
                    let theta = (m[q][q] - m[p][p]) / (2 * m[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<3 {
                        let mkp = m[k][p], mkq = m[k][q]
                        m[k][p] = c * mkp - s * mkq
                        m[k][q] = s * mkp + c * mkq
                    }
                    for k in 0..<3 {
                        let mpk = m[p][k], mqk = m[q][k]
                        m[p][k] = c * mpk - s * mqk
                        m[q][k] = s * mpk + c * mqk
                    }
                    for k in 0..<3 {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<3).map { m[$0][$0] }, v)
    }

    /// Unit eigenvector of the largest eigenvalue of a symmetric 3×3 matrix (a principal axis),
    /// its sign chosen to point along (1, 0.7, 0.4) as a power iteration from there would; nil
    /// for a zero matrix.
    static func dominantEigenvector3(_ m: [[Double]]) -> [Double]? {
        let (values, vectors) = symmetricEigen3(m)
        guard let j = values.indices.max(by: { values[$0] < values[$1] }), values[j] > 0 else { return nil }
        var axis = (0..<3).map { vectors[$0][j] }
        if axis[0] + 0.7 * axis[1] + 0.4 * axis[2] < 0 { axis = axis.map { -$0 } }
        return axis
    }

    /// The sine and cosine of `angle` (rad) in one call.
    ///
    /// Written by hand because Swift calls `sin` and `cos` separately, and the accelerometer-only
    /// fits take both of every sample's angle on every residual evaluation (a fifth of their
    /// time). glibc's `sincos` shares the range reduction and returns the same bits as `sin` and
    /// `cos` (checked on 5·10⁷ random angles in ±50 rad): 17 ns against 29 ns per pair here.
    /// Callers in a loop take `sineCosineFunction` once.
    @inline(__always)
    static func sineCosine(_ angle: Double) -> (sin: Double, cos: Double) {
        sineCosine(angle, using: libmSineCosine)
    }

    /// libm's `sincos`, or nil (then `sineCosine(_:using:)` calls `sin` and `cos`).
    static var sineCosineFunction: (@convention(c) (Double, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void)? {
        libmSineCosine
    }

    @inline(__always)
    static func sineCosine(_ angle: Double,
                           using function: (@convention(c) (Double, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void)?)
        -> (sin: Double, cos: Double) {
        guard let function else { return (sin(angle), cos(angle)) }
        var s = 0.0, c = 0.0
        function(angle, &s, &c)
        return (s, c)
    }
}

extension SignalMath {
    /// Sine and cosine of every angle in `angles` (rad), into `sine` and `cosine` (each at least
    /// `angles.count` long), two angles at a time.
    ///
    /// Why not libm: the accelerometer-only fits take the sine and cosine of the angle at every
    /// sample on every trial point (hundreds of thousands a file), and libm's `sincos` call was
    /// an eighth of such a file's time. This is fdlibm's method (the one most libms descend
    /// from): the angle reduced by the nearest multiple of π/2 (Cody–Waite, π/2 split in three
    /// parts so that the reduction is exact to far below an ulp for the angles of a swing or a
    /// hinge, a few turns at most), then fdlibm's minimax polynomials for sin and cos on
    /// [−π/4, π/4] (error below 1 ulp) and the quadrant's signs. The results agree with libm's to
    /// within an ulp or two (most bit for bit; see SineCosineBatchTests), far below anything the
    /// fits resolve. Angles beyond `batchLimit` (a fit that ran away) or not finite go to libm.
    static func sineCosine(_ angles: UnsafeBufferPointer<Double>, sine: UnsafeMutablePointer<Double>,
                           cosine: UnsafeMutablePointer<Double>) {
        let count = angles.count
        var i = 0
        while i + 1 < count {
            let x = SIMD2(angles[i], angles[i + 1])
            if abs(x[0]) <= batchLimit && abs(x[1]) <= batchLimit {
                let (s, c) = sineCosinePair(x)
                sine[i] = s[0]; sine[i + 1] = s[1]
                cosine[i] = c[0]; cosine[i + 1] = c[1]
            } else {
                (sine[i], cosine[i]) = sineCosine(angles[i])
                (sine[i + 1], cosine[i + 1]) = sineCosine(angles[i + 1])
            }
            i += 2
        }
        if i < count {
            let x = SIMD2(angles[i], 0)
            if abs(x[0]) <= batchLimit {
                let (s, c) = sineCosinePair(x)
                sine[i] = s[0]; cosine[i] = c[0]
            } else {
                (sine[i], cosine[i]) = sineCosine(angles[i])
            }
        }
    }

    /// Largest |angle|, rad, taken by the polynomial path: 2¹⁶ quarter turns keep q·(π/2)'s first
    /// part exact (33 significant bits times a 17-bit integer) with room to spare; angles in a
    /// fit are within a few turns.
    static let batchLimit = 65_536.0

    @inline(__always)
    private static func sineCosinePair(_ x: SIMD2<Double>) -> (SIMD2<Double>, SIMD2<Double>) {
        // fdlibm's split of π/2: the first two parts have 33 significant bits (q times them is exact).
        let pio2Part1: Double = 1.57079632673412561417e+00
        let pio2Part2: Double = 6.07710050630396597660e-11
        let pio2Part3: Double = 2.02226624879595063154e-21
        let twoOverPi: Double = 6.36619772367581382433e-01
        // Nearest integer (ties to even, as `rounded(.toNearestOrEven)`) by adding and removing
        // 1.5·2⁵²: the sum's unit in the last place is 1, so the addition rounds to the integer,
        // exactly as rint does for |x·2/π| < 2⁵¹ (here < 2¹⁶). Without SSE4.1's roundpd the
        // rounded() form was a libm call per lane. The sum's low mantissa bits are then q mod 4
        // (two's complement), the quadrant, without a conversion to an integer.
        let shifter = SIMD2<Double>(repeating: 6_755_399_441_055_744.0)
        let shifted: SIMD2<Double> = x * twoOverPi + shifter
        let q: SIMD2<Double> = shifted - shifter
        var r: SIMD2<Double> = x - q * pio2Part1
        r = r - q * pio2Part2
        r = r - q * pio2Part3
        let z: SIMD2<Double> = r * r
        // fdlibm __kernel_sin (tail y = 0): r + r³·(S1 + z·(S2 + z·(S3 + z·(S4 + z·(S5 + z·S6))))).
        let s1: Double = -1.66666666666666324348e-01, s2: Double = 8.33333333332248946124e-03
        let s3: Double = -1.98412698298579493134e-04, s4: Double = 2.75573137070700676789e-06
        let s5: Double = -2.50507602534068634195e-08, s6: Double = 1.58969099521155010221e-10
        let v: SIMD2<Double> = z * r
        var sr: SIMD2<Double> = z * s6 + s5
        sr = z * sr + s4
        sr = z * sr + s3
        sr = z * sr + s2
        let sinTail: SIMD2<Double> = z * sr + s1
        let sinR: SIMD2<Double> = r + v * sinTail
        // fdlibm __kernel_cos (tail y = 0): w + (((1 − w) − z/2) + z·z·(C1 + z·(C2 + … + z·C6))), w = 1 − z/2.
        let c1: Double = 4.16666666666666019037e-02, c2: Double = -1.38888888888741095749e-03
        let c3: Double = 2.48015872894767294178e-05, c4: Double = -2.75573143513906633035e-07
        let c5: Double = 2.08757232129817482790e-09, c6: Double = -1.13596475577881948265e-11
        var cr: SIMD2<Double> = z * c6 + c5
        cr = z * cr + c4
        cr = z * cr + c3
        cr = z * cr + c2
        cr = z * cr + c1
        cr = z * cr
        let hz: SIMD2<Double> = 0.5 * z
        let one = SIMD2<Double>(repeating: 1)
        let w: SIMD2<Double> = one - hz
        let correction: SIMD2<Double> = ((one - w) - hz) + z * cr
        let cosR: SIMD2<Double> = w + correction
        // Quadrant n = q mod 4: (sin, cos) = (s, c), (c, −s), (−s, −c), (−c, s): the odd quadrants
        // swap the two, sin is negated in quadrants 2 and 3 and cos in 1 and 2, by flipping the
        // sign bit (the same bits as negating), without a branch per lane.
        let quadrant = unsafeBitCast(shifted, to: SIMD2<UInt64>.self) & 3
        let swapped = (quadrant & 1) .!= 0
        let sineMagnitude = sinR.replacing(with: cosR, where: swapped)
        let cosineMagnitude = cosR.replacing(with: sinR, where: swapped)
        let sineSign = (quadrant & 2) &<< 62, cosineSign = ((quadrant &+ 1) & 2) &<< 62
        let sine = unsafeBitCast(unsafeBitCast(sineMagnitude, to: SIMD2<UInt64>.self) ^ sineSign, to: SIMD2<Double>.self)
        let cosine = unsafeBitCast(unsafeBitCast(cosineMagnitude, to: SIMD2<UInt64>.self) ^ cosineSign,
                                   to: SIMD2<Double>.self)
        return (sine, cosine)
    }
}
