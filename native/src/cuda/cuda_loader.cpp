#include "cuda_loader.h"

namespace spectral::cuda {
namespace {

// dlsym returns void*; converting it to a function pointer is the POSIX-sanctioned use of dlsym.
template <class Fn>
bool load(const DynamicLibrary& library, const char* name, Fn& slot) {
    void* address = library.symbol(name);
    slot = reinterpret_cast<Fn>(address);
    return address != nullptr;
}

}  // namespace

#define SPECTRAL_CUDA_LOAD_REQUIRED(name) \
    if (!load(library, #name, table.name) && missing.empty()) missing = #name;
#define SPECTRAL_CUDA_LOAD_OPTIONAL(name) (void)load(library, #name, table.name);

std::string resolve(const DynamicLibrary& library, DriverApi& table) {
    std::string missing;
    SPECTRAL_CUDA_DRIVER_FUNCTIONS(SPECTRAL_CUDA_LOAD_REQUIRED)
    return missing;
}

std::string resolve(const DynamicLibrary& library, RuntimeApi& table) {
    std::string missing;
    SPECTRAL_CUDA_RUNTIME_FUNCTIONS(SPECTRAL_CUDA_LOAD_REQUIRED)
    SPECTRAL_CUDA_OPTIONAL_RUNTIME_FUNCTIONS(SPECTRAL_CUDA_LOAD_OPTIONAL)
    return missing;
}

std::string resolve(const DynamicLibrary& library, SolverApi& table) {
    std::string missing;
    SPECTRAL_CUDA_SOLVER_FUNCTIONS(SPECTRAL_CUDA_LOAD_REQUIRED)
    SPECTRAL_CUDA_OPTIONAL_SOLVER_FUNCTIONS(SPECTRAL_CUDA_LOAD_OPTIONAL)
    // Use the batched routine only when both halves are present.
    if (!table.has_syev_batched()) {
        table.cusolverDnXsyevBatched = nullptr;
        table.cusolverDnXsyevBatched_bufferSize = nullptr;
    }
    return missing;
}

std::string resolve(const DynamicLibrary& library, BlasApi& table) {
    std::string missing;
    SPECTRAL_CUDA_BLAS_FUNCTIONS(SPECTRAL_CUDA_LOAD_REQUIRED)
    return missing;
}

#undef SPECTRAL_CUDA_LOAD_REQUIRED
#undef SPECTRAL_CUDA_LOAD_OPTIONAL

}  // namespace spectral::cuda
