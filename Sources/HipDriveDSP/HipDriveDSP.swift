// Module HipDriveDSP: see Package.swift for its place in the pipeline.
//
// The signal-processing core of HipDrive, built on FFTW 3. It knows nothing about exercises:
// transforms, spectra, filters, envelopes, peaks and resampling of plain sample arrays.
//
// Conventions shared by every transform in this module (each doc comment repeats what applies):
// - Forward DFT: X[k] = Σₙ x[n]·e^(−2πi·k·n/N), unnormalised (FFTW's FFTW_FORWARD, numpy's rfft).
// - Inverse DFT: x[n] = (1/N)·Σₖ X[k]·e^(+2πi·k·n/N), so that inverse(forward(x)) == x
//   (numpy's irfft; FFTW itself does not divide by N, this module does).
// - Real-input spectra hold bins 0…N/2 (N/2+1 values); bin k is at k·sampleRate/N Hz.
// - Precision: Double for analysis of motion signals and for every estimate compared with
//   scipy (Welch, periodogram, filters, Hilbert, autocorrelation, resampling): those signals are
//   short (≤ a few million samples) and integration downstream amplifies rounding. Float is
//   offered for the STFT because audio is 16/24-bit, long, and the STFT is memory-bound: single
//   precision halves the memory traffic (FFTW's fftwf_* library).
