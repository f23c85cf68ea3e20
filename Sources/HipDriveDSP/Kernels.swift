// Element-wise loops that run per frame. Public generic entry points in this module are not
// specialised when called from another module, so each loop dispatches once on the precision to
// a concrete Float or Double body the optimiser vectorises (a generic body would go through
// protocol witnesses per element, several times slower than the FFT it feeds).

/// values[i] *= weights[i] for i in 0..<count.
func multiplyInPlace<Scalar: FFTScalar>(_ values: UnsafeMutablePointer<Scalar>, by weights: UnsafePointer<Scalar>, count: Int) {
    switch Scalar.fftPrecision {
    case .double:
        multiplyDoubles(UnsafeMutableRawPointer(values).assumingMemoryBound(to: Double.self),
                        UnsafeRawPointer(weights).assumingMemoryBound(to: Double.self), count)
    case .single:
        multiplyFloats(UnsafeMutableRawPointer(values).assumingMemoryBound(to: Float.self),
                       UnsafeRawPointer(weights).assumingMemoryBound(to: Float.self), count)
    }
}

private func multiplyDoubles(_ values: UnsafeMutablePointer<Double>, _ weights: UnsafePointer<Double>, _ count: Int) {
    for index in 0..<count { values[index] *= weights[index] }
}

private func multiplyFloats(_ values: UnsafeMutablePointer<Float>, _ weights: UnsafePointer<Float>, _ count: Int) {
    for index in 0..<count { values[index] *= weights[index] }
}

/// output[i] = |bins[i]|² for i in 0..<count, accumulated in Double.
func squaredMagnitudes<Scalar: FFTScalar>(_ bins: UnsafePointer<ComplexValue<Scalar>>, count: Int, into output: UnsafeMutablePointer<Double>) {
    switch Scalar.fftPrecision {
    case .double:
        let pairs = UnsafeRawPointer(bins).assumingMemoryBound(to: Double.self)
        for index in 0..<count {
            let re = pairs[2 * index], im = pairs[2 * index + 1]
            output[index] = re * re + im * im
        }
    case .single:
        let pairs = UnsafeRawPointer(bins).assumingMemoryBound(to: Float.self)
        for index in 0..<count {
            let re = Double(pairs[2 * index]), im = Double(pairs[2 * index + 1])
            output[index] = re * re + im * im
        }
    }
}

/// output[i] = values[i]·weights[i] for i in 0..<count (window while copying).
func multiply<Scalar: FFTScalar>(_ values: UnsafePointer<Scalar>, by weights: UnsafePointer<Scalar>,
                                 into output: UnsafeMutablePointer<Scalar>, count: Int) {
    switch Scalar.fftPrecision {
    case .double:
        multiplyDoubles(UnsafeRawPointer(values).assumingMemoryBound(to: Double.self),
                        UnsafeRawPointer(weights).assumingMemoryBound(to: Double.self),
                        UnsafeMutableRawPointer(output).assumingMemoryBound(to: Double.self), count)
    case .single:
        multiplyFloats(UnsafeRawPointer(values).assumingMemoryBound(to: Float.self),
                       UnsafeRawPointer(weights).assumingMemoryBound(to: Float.self),
                       UnsafeMutableRawPointer(output).assumingMemoryBound(to: Float.self), count)
    }
}

private func multiplyDoubles(_ values: UnsafePointer<Double>, _ weights: UnsafePointer<Double>,
                             _ output: UnsafeMutablePointer<Double>, _ count: Int) {
    for index in 0..<count { output[index] = values[index] * weights[index] }
}

private func multiplyFloats(_ values: UnsafePointer<Float>, _ weights: UnsafePointer<Float>,
                            _ output: UnsafeMutablePointer<Float>, _ count: Int) {
    for index in 0..<count { output[index] = values[index] * weights[index] }
}
