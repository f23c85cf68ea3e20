// FFTW 3, double (fftw_*) and single (fftwf_*) precision; both libraries are linked.
#include <fftw3.h>
