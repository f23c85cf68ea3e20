/* Bare FFTW floor for the HipDrive STFT benchmark: the same signal (see dsp_peers.py and
 * DSPBenchmarks.swift), the same frames (2048 samples, hop 512, periodic Hann), one
 * single-precision r2c plan made with FFTW_ESTIMATE (as the Swift benchmarks), window + fftwf_execute_dft_r2c per frame.
 * Prints the best of 5 runs (wall clock and CPU seconds) and the frame count.
 * Build: cc -O2 dsp_bare_fftw.c -lfftw3f -lm -o dsp_bare_fftw */
#include <fftw3.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    const double rate = 44100.0;
    const long count = 600L * 44100L;
    const int frame = 2048, hop = 512;
    float *signal = malloc(sizeof(float) * count);
    uint32_t state = 12345u;
    for (long i = 0; i < count; i++) {
        state = state * 1664525u + 1013904223u;
        double noise = (double)(state >> 8) / (double)(1 << 24) - 0.5;
        double t = (double)i / rate;
        signal[i] = (float)(0.3 * sin(2 * M_PI * 440 * t) + 0.2 * sin(2 * M_PI * 97 * t)
                            + 0.1 * sin(2 * M_PI * 3000 * t) + 0.05 * noise);
    }
    float window[2048];
    for (int n = 0; n < frame; n++) window[n] = (float)(0.5 - 0.5 * cos(2 * M_PI * n / frame));
    float *in = fftwf_malloc(sizeof(float) * frame);
    fftwf_complex *out = fftwf_malloc(sizeof(fftwf_complex) * (frame / 2 + 1));
    fftwf_plan plan = fftwf_plan_dft_r2c_1d(frame, in, out, FFTW_ESTIMATE);
    double best = 1e30, best_cpu = 1e30;
    long frames = 0;
    float checksum = 0;
    for (int repeat = 0; repeat < 5; repeat++) {
        double start = now();
        clock_t cpu_start = clock();
        frames = 0;
        for (long s = 0; s + frame <= count; s += hop) {
            for (int n = 0; n < frame; n++) in[n] = signal[s + n] * window[n];
            fftwf_execute_dft_r2c(plan, in, out);
            checksum += out[1][0];
            frames++;
        }
        double elapsed = now() - start;
        double cpu = (double)(clock() - cpu_start) / CLOCKS_PER_SEC;
        if (elapsed < best) best = elapsed;
        if (cpu < best_cpu) best_cpu = cpu;
    }
    printf("{\"seconds\": %.6f, \"cpu_seconds\": %.6f, \"frames\": %ld, \"checksum\": %g}\n", best, best_cpu, frames, checksum);
    fftwf_destroy_plan(plan);
    fftwf_free(in);
    fftwf_free(out);
    free(signal);
    return 0;
}
