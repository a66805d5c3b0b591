// Built instead of the CUDA backend when CMake found no CUDA headers: the backend reports why it is missing.
// CI always has the headers (.ci/run extracts Debian's CUDA 11.8 headers), so the real backend is always compiled there.
#include "../core/backend.h"
#include "../core/dynamic_library.h"
#include "../core/error.h"

#include <mutex>

namespace spectral {
namespace {

spectral_backend_info make_info() noexcept {
    spectral_backend_info info{};
    info.struct_size = sizeof(spectral_backend_info);
    copy_text(info.reason,
              "cuda: libspectral was built without CUDA headers (configure CMake with "
              "-DSPECTRAL_CUDA_INCLUDE_DIR=<folder with cusolverDn.h> to build the CUDA backend)");
    return info;
}

}  // namespace

const spectral_backend_info& cuda_probe() noexcept {
    static const spectral_backend_info info = make_info();
    return info;
}

std::unique_ptr<Backend> cuda_create(const spectral_context_options&) { fail(SPECTRAL_STATUS_UNAVAILABLE, cuda_probe().reason); }

}  // namespace spectral
