import Benchmark

// PLACEHOLDER suite: filled in by the issue that owns it.
let benchmarks: @Sendable () -> Void = {
    Benchmark("placeholder") { benchmark in
        blackHole(benchmark.scaledIterations.count)
    }
}
