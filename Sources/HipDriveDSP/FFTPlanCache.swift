internal import CFFTW
import Foundation

/// How hard FFTW searches for a fast algorithm when it first plans a size.
public enum FFTPlanningRigor: Sendable, Hashable {
    /// `FFTW_ESTIMATE`: plans instantly from heuristics; results are identical from run to run.
    case estimate
    /// `FFTW_MEASURE`: times candidate algorithms once (milliseconds for small sizes, up to
    /// seconds for 65536 points); worth it for long STFTs that run one size millions of times.
    case measure

    var flags: UInt32 {
        switch self {
        case .estimate: return 1 << 6  // FFTW_ESTIMATE
        case .measure: return 0  // FFTW_MEASURE
        }
    }
}

/// The transforms the cache holds plans for.
enum FFTKind: Hashable {
    /// Real → half-complex, N reals → N/2+1 complex values.
    case realForward
    /// Half-complex → real, N/2+1 complex values → N reals (destroys its input).
    case realInverse
    /// Complex → complex with e^(−2πi·kn/N).
    case complexForward
    /// Complex → complex with e^(+2πi·kn/N).
    case complexInverse
}

/// An FFTW plan, owned by the process-wide cache and never destroyed.
///
/// `@unchecked Sendable`: FFTW documents `fftw_execute` and its new-array variants as the only
/// thread-safe calls, and this module only ever executes plans through the new-array functions
/// on buffers owned by the calling thread.
struct FFTWPlan: @unchecked Sendable {
    let handle: OpaquePointer
    let size: Int
    let kind: FFTKind
    let precision: FFTPrecision
}

/// Process-wide cache of FFTW plans: one plan per (size, kind, precision, rigor), created on
/// first use and reused for the life of the process.
///
/// FFTW's planner is not thread-safe, so every planner call happens inside `lock`; once made,
/// plans are executed without the lock from any thread (new-array execute on the caller's own
/// aligned buffers). Looking a plan up takes the lock; callers that run a size many times (the
/// STFT, Welch) look it up once and keep the `FFTWPlan`.
final class FFTPlanCache: @unchecked Sendable {
    static let shared = FFTPlanCache()

    private struct Key: Hashable {
        let size: Int
        let kind: FFTKind
        let precision: FFTPrecision
        let rigor: FFTPlanningRigor
    }

    private let lock = NSLock()
    private var plans: [Key: FFTWPlan] = [:]

    /// Runs `body` while holding the planner lock: for code outside this cache (benchmarks, a
    /// bare-FFTW reference) that must call FFTW's planner in the same process.
    func withPlannerLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// The plan for `size`-point transforms of `kind` in `precision`, created on first use.
    func plan(size: Int, kind: FFTKind, precision: FFTPrecision, rigor: FFTPlanningRigor = .estimate) -> FFTWPlan {
        precondition(size >= 1, "FFT size must be at least 1, got \(size)")
        precondition(size <= Int(Int32.max), "FFT size \(size) too large for FFTW's int sizes")
        let key = Key(size: size, kind: kind, precision: precision, rigor: rigor)
        lock.lock()
        defer { lock.unlock() }
        if let plan = plans[key] { return plan }
        let handle = Self.makePlan(size: size, kind: kind, precision: precision, flags: rigor.flags)
        let plan = FFTWPlan(handle: handle, size: size, kind: kind, precision: precision)
        plans[key] = plan
        return plan
    }

    /// Calls FFTW's planner on scratch buffers of the same alignment as every execution buffer.
    /// Out-of-place plans only: execution always uses separate input and output arrays.
    /// The scratch is not zero-filled: FFTW_ESTIMATE does not touch the arrays, and the measuring
    /// rigors write their own data into them before reading (FFTW's planner documentation), so
    /// filling them only cost page faults (the whole-trace filters plan transforms as long as the
    /// trace, 180 000 points for 30 minutes at 100 Hz: 1 % of reading and analysing such a file).
    private static func makePlan(size n: Int, kind: FFTKind, precision: FFTPrecision, flags: UInt32) -> OpaquePointer {
        let complexCount = kind == .realForward || kind == .realInverse ? n / 2 + 1 : n
        let n32 = Int32(n)
        let handle: OpaquePointer?
        switch precision {
        case .double:
            let input = FFTWBuffer(complexCount: n, of: Double.self, zeroed: false)
            let output = FFTWBuffer(complexCount: n, of: Double.self, zeroed: false)
            let inReal = input.raw.bindMemory(to: Double.self, capacity: n)
            let inComplex = input.raw.bindMemory(to: fftw_complex.self, capacity: complexCount)
            let outReal = output.raw.bindMemory(to: Double.self, capacity: n)
            let outComplex = output.raw.bindMemory(to: fftw_complex.self, capacity: complexCount)
            switch kind {
            case .realForward: handle = fftw_plan_dft_r2c_1d(n32, inReal, outComplex, flags)
            case .realInverse: handle = fftw_plan_dft_c2r_1d(n32, inComplex, outReal, flags)
            case .complexForward: handle = fftw_plan_dft_1d(n32, inComplex, outComplex, -1, flags)
            case .complexInverse: handle = fftw_plan_dft_1d(n32, inComplex, outComplex, +1, flags)
            }
        case .single:
            let input = FFTWBuffer(complexCount: n, of: Float.self, zeroed: false)
            let output = FFTWBuffer(complexCount: n, of: Float.self, zeroed: false)
            let inReal = input.raw.bindMemory(to: Float.self, capacity: n)
            let inComplex = input.raw.bindMemory(to: fftwf_complex.self, capacity: complexCount)
            let outReal = output.raw.bindMemory(to: Float.self, capacity: n)
            let outComplex = output.raw.bindMemory(to: fftwf_complex.self, capacity: complexCount)
            switch kind {
            case .realForward: handle = fftwf_plan_dft_r2c_1d(n32, inReal, outComplex, flags)
            case .realInverse: handle = fftwf_plan_dft_c2r_1d(n32, inComplex, outReal, flags)
            case .complexForward: handle = fftwf_plan_dft_1d(n32, inComplex, outComplex, -1, flags)
            case .complexInverse: handle = fftwf_plan_dft_1d(n32, inComplex, outComplex, +1, flags)
            }
        }
        // FFTW returns NULL only for impossible requests (it can plan any size ≥ 1).
        guard let handle else { fatalError("FFTW could not plan a \(n)-point \(kind) transform") }
        return handle
    }
}

extension FFTWPlan {
    /// Executes the plan on `input` → `output` with FFTW's new-array execute (thread-safe).
    ///
    /// Both pointers must come from `FFTWBuffer` (alignment), be distinct (the plans are
    /// out-of-place), and hold `size` reals or `size/2+1` / `size` complex values as `kind` says.
    /// A `.realInverse` execution overwrites `input`.
    func execute(input: UnsafeMutableRawPointer, output: UnsafeMutableRawPointer) {
        switch (precision, kind) {
        case (.double, .realForward):
            fftw_execute_dft_r2c(handle, input.assumingMemoryBound(to: Double.self),
                                 output.assumingMemoryBound(to: fftw_complex.self))
        case (.double, .realInverse):
            fftw_execute_dft_c2r(handle, input.assumingMemoryBound(to: fftw_complex.self),
                                 output.assumingMemoryBound(to: Double.self))
        case (.double, .complexForward), (.double, .complexInverse):
            fftw_execute_dft(handle, input.assumingMemoryBound(to: fftw_complex.self),
                             output.assumingMemoryBound(to: fftw_complex.self))
        case (.single, .realForward):
            fftwf_execute_dft_r2c(handle, input.assumingMemoryBound(to: Float.self),
                                  output.assumingMemoryBound(to: fftwf_complex.self))
        case (.single, .realInverse):
            fftwf_execute_dft_c2r(handle, input.assumingMemoryBound(to: fftwf_complex.self),
                                  output.assumingMemoryBound(to: Float.self))
        case (.single, .complexForward), (.single, .complexInverse):
            fftwf_execute_dft(handle, input.assumingMemoryBound(to: fftwf_complex.self),
                              output.assumingMemoryBound(to: fftwf_complex.self))
        }
    }
}

/// The smallest n ≥ `minimum` whose only prime factors are 2, 3 and 5 (FFTW is fastest there).
public func fastFFTSize(atLeast minimum: Int) -> Int {
    precondition(minimum >= 0, "negative size")
    var candidate = max(minimum, 1)
    while true {
        var rest = candidate
        for factor in [2, 3, 5] { while rest % factor == 0 { rest /= factor } }
        if rest == 1 { return candidate }
        candidate += 1
    }
}
