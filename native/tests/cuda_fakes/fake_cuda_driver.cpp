// A stand-in for libcuda.so.1 so the CUDA probe's decisions can be tested on machines without a GPU.
// Behaviour is chosen per call by SPECTRAL_FAKE_CUDA_MODE:
//   no-device     cuInit returns CUDA_ERROR_NO_DEVICE (100)
//   init-fails    cuInit returns CUDA_ERROR_UNKNOWN (999)
//   zero-devices  cuInit succeeds, cuDeviceGetCount reports 0
//   ok            one device "Fake GPU", compute capability 8.0, 16 GiB
// and SPECTRAL_FAKE_CUDA_DRIVER_VERSION (default 12080) is what cuDriverGetVersion reports.
// Types are plain ints on purpose: this file must build without CUDA headers.
#include <cstdlib>
#include <cstring>
#include <string>

namespace {
std::string mode() {
    const char* m = std::getenv("SPECTRAL_FAKE_CUDA_MODE");
    return m != nullptr ? m : "ok";
}
}  // namespace

extern "C" {
__attribute__((visibility("default"))) int cuInit(unsigned int) {
    std::string m = mode();
    if (m == "no-device") return 100;
    if (m == "init-fails") return 999;
    return 0;
}
__attribute__((visibility("default"))) int cuDriverGetVersion(int* version) {
    const char* v = std::getenv("SPECTRAL_FAKE_CUDA_DRIVER_VERSION");
    *version = v != nullptr ? std::atoi(v) : 12080;
    return 0;
}
__attribute__((visibility("default"))) int cuDeviceGetCount(int* count) {
    *count = mode() == "zero-devices" ? 0 : 1;
    return 0;
}
__attribute__((visibility("default"))) int cuDeviceGet(int* device, int ordinal) {
    *device = ordinal;
    return 0;
}
__attribute__((visibility("default"))) int cuDeviceGetName(char* name, int length, int) {
    std::strncpy(name, "Fake GPU", static_cast<size_t>(length));
    return 0;
}
__attribute__((visibility("default"))) int cuDeviceGetAttribute(int* value, int attribute, int) {
    // 75 = CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, 76 = ..._MINOR
    *value = attribute == 75 ? 8 : 0;
    return 0;
}
__attribute__((visibility("default"))) int cuDeviceTotalMem_v2(size_t* bytes, int) {
    *bytes = size_t{16} << 30;
    return 0;
}
__attribute__((visibility("default"))) int cuGetErrorName(int code, const char** name) {
    *name = code == 100 ? "CUDA_ERROR_NO_DEVICE" : code == 999 ? "CUDA_ERROR_UNKNOWN" : "CUDA_ERROR_FAKE";
    return 0;
}
}
