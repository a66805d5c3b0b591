// The CUDA backend behind a spectral_context: owns a CudaContext and routes each request to its operation.
#include "../core/backend.h"
#include "cuda_context.h"
#include "cuda_ops.h"
#include "cuda_probe.h"

#include <memory>

namespace spectral {
namespace {

/** Streams per context: enough to overlap transfers of one matrix with compute of others. */
constexpr int kLanes = 4;

class CudaBackend final : public Backend {
public:
    CudaBackend(const cuda::CudaApi& api, int ordinal) : context_(api, ordinal, kLanes) {}
    spectral_backend kind() const noexcept override { return SPECTRAL_BACKEND_CUDA; }
    void syev(const EigRequest& request) override { cuda::run_syev(context_, request); }
    void gesvd(const SvdRequest& request) override { cuda::run_gesvd(context_, request); }
    void gesvdr(const RsvdRequest& request) override { cuda::run_gesvdr(context_, request); }
    void gram_eigenvalues(const GramRequest& request) override { cuda::run_gram(context_, request); }

private:
    cuda::CudaContext context_;
};

}  // namespace

std::unique_ptr<Backend> cuda_create(const spectral_context_options& options) {
    const cuda::CudaProbe& probe = cuda::process_probe();
    if (!probe.info.available) fail(SPECTRAL_STATUS_UNAVAILABLE, probe.info.reason);
    return std::make_unique<CudaBackend>(probe.api, options.device_ordinal);
}

}  // namespace spectral
