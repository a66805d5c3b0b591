// A stand-in for libcudart that only reports its version (SPECTRAL_FAKE_CUDART_VERSION, default 12040): enough
// to test "driver too old" and "runtime lacks a symbol" without a CUDA installation.
#include <cstdlib>

extern "C" __attribute__((visibility("default"))) int cudaRuntimeGetVersion(int* version) {
    const char* v = std::getenv("SPECTRAL_FAKE_CUDART_VERSION");
    *version = v != nullptr ? std::atoi(v) : 12040;
    return 0;
}
