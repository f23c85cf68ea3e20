internal import CFFTW

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@usableFromInline
func atan2Double(_ y: Double, _ x: Double) -> Double { atan2(y, x) }

/// Memory from `fftw_malloc`: aligned for FFTW's SIMD code.
///
/// FFTW's new-array execute functions (`fftw_execute_dft_r2c` and family) require arrays with
/// the same alignment as those the plan was made with; every plan in this module is made on, and
/// executed on, buffers from this type, so alignment always matches. The buffer owns its memory
/// and frees it in `deinit`; pointers to it must not escape the owner's lifetime.
final class FFTWBuffer {
    /// Start of the memory, aligned by `fftw_malloc`.
    let raw: UnsafeMutableRawPointer
    /// Size in bytes.
    let byteCount: Int

    /// Allocates `byteCount` bytes (at least 16) with `fftw_malloc`, zero-filled unless `zeroed`
    /// is false (then the bytes are whatever the allocator returned: only for memory that is
    /// written before it is read, such as the planner's scratch arrays).
    init(byteCount: Int, zeroed: Bool = true) {
        precondition(byteCount >= 0, "negative buffer size")
        let size = max(byteCount, 16)
        // fftw_malloc returns nil only when the system is out of memory: nothing sensible can
        // continue then, as with Swift's own allocations.
        guard let memory = fftw_malloc(size) else { fatalError("fftw_malloc(\(size)) failed: out of memory") }
        raw = memory
        self.byteCount = size
        if zeroed { raw.initializeMemory(as: UInt8.self, repeating: 0, count: size) }
    }

    /// A buffer for `count` real scalars.
    convenience init<Scalar: FFTScalar>(realCount count: Int, of _: Scalar.Type) {
        self.init(byteCount: count * MemoryLayout<Scalar>.stride)
    }

    /// A buffer for `count` complex values (zero-filled unless `zeroed` is false).
    convenience init<Scalar: FFTScalar>(complexCount count: Int, of _: Scalar.Type, zeroed: Bool = true) {
        self.init(byteCount: count * MemoryLayout<ComplexValue<Scalar>>.stride, zeroed: zeroed)
    }

    deinit { fftw_free(raw) }

    /// The memory as `count` real scalars.
    func reals<Scalar: FFTScalar>(_ count: Int, as _: Scalar.Type = Scalar.self) -> UnsafeMutableBufferPointer<Scalar> {
        precondition(count * MemoryLayout<Scalar>.stride <= byteCount, "buffer too small")
        return UnsafeMutableBufferPointer(start: raw.bindMemory(to: Scalar.self, capacity: count), count: count)
    }

    /// The memory as `count` complex values.
    func complexes<Scalar: FFTScalar>(_ count: Int, as _: Scalar.Type = Scalar.self) -> UnsafeMutableBufferPointer<ComplexValue<Scalar>> {
        precondition(count * MemoryLayout<ComplexValue<Scalar>>.stride <= byteCount, "buffer too small")
        return UnsafeMutableBufferPointer(start: raw.bindMemory(to: ComplexValue<Scalar>.self, capacity: count), count: count)
    }
}
