#include "cuda_versions.h"

namespace spectral::cuda {

std::string format_cuda_version(int version) {
    if (version <= 0) return "unknown";
    return std::to_string(version / 1000) + "." + std::to_string((version % 1000) / 10);
}

std::vector<std::string> runtime_sonames() { return {"libcudart.so.13", "libcudart.so.12", "libcudart.so.11.0"}; }

std::string cusolver_soname_for(int runtime_major) {
    switch (runtime_major) {
        case 13: return "libcusolver.so.12";
        case 12: return "libcusolver.so.11";
        case 11: return "libcusolver.so.11";
        default: return "";
    }
}

std::string cublas_soname_for(int runtime_major) {
    switch (runtime_major) {
        case 13: return "libcublas.so.13";
        case 12: return "libcublas.so.12";
        case 11: return "libcublas.so.11";
        default: return "";
    }
}

bool driver_supports_runtime(int driver_version, int runtime_version) {
    if (driver_version <= 0 || runtime_version <= 0) return false;
    if (cuda_major(runtime_version) >= 11) return cuda_major(driver_version) >= cuda_major(runtime_version);
    return driver_version >= runtime_version;
}

bool float32_syevd_needs_promotion(int runtime_version) { return cuda_major(runtime_version) < 12; }

}  // namespace spectral::cuda
