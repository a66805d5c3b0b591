// CUDA backend: the driver (libcuda.so.1), runtime, cuSOLVER and cuBLAS located at run time.
// The full loader and operations are the CUDA-backend work; this probe tells why CUDA is unavailable.
#include "../core/backend.h"
#include "../core/dynamic_library.h"
#include "../core/error.h"

#include <mutex>

namespace spectral {
namespace {

struct CudaState {
    spectral_backend_info info{};
};

CudaState& cuda_state() noexcept {
    static CudaState state;
    static std::once_flag once;
    std::call_once(once, [] {
        try {
            state.info.struct_size = sizeof(spectral_backend_info);
            std::string attempts;
            auto driver = DynamicLibrary::open_first({"libcuda.so.1"}, attempts);
            if (!driver) {
                copy_text(state.info.reason, "cuda: libcuda.so.1 not found (no NVIDIA driver installed)");
                copy_text(state.info.details, attempts);
                return;
            }
            copy_text(state.info.reason, "cuda: the CUDA backend is not built yet");
        } catch (...) {
            copy_text(state.info.reason, "cuda: probing failed unexpectedly");
        }
    });
    return state;
}

}  // namespace

const spectral_backend_info& cuda_probe() noexcept { return cuda_state().info; }

std::unique_ptr<Backend> cuda_create(const spectral_context_options&) {
    fail(SPECTRAL_STATUS_UNAVAILABLE, cuda_probe().reason);
}

}  // namespace spectral
