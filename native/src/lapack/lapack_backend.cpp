// The LAPACK backend behind a context: owns the batch thread pool and the per-worker workspaces and
// dispatches validated requests to syev.cpp, gesvd.cpp and gesvdr.cpp.
#include "../core/backend.h"
#include "../core/error.h"
#include "lapack_compute.h"
#include "lapack_library.h"

#include <thread>

namespace spectral {
namespace {

std::size_t pool_size(const spectral_context_options& options) {
    if (options.num_threads > 0) return static_cast<std::size_t>(options.num_threads);
    unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

class LapackBackend final : public Backend {
public:
    explicit LapackBackend(const spectral_context_options& options) : executor_(pool_size(options)) {}

    spectral_backend kind() const noexcept override { return SPECTRAL_BACKEND_LAPACK; }

    void syev(const EigRequest& request) override { lapack::syev(request, executor_); }

    void gesvd(const SvdRequest& request) override { lapack::gesvd(request, executor_); }

    void gesvdr(const RsvdRequest& request) override { lapack::gesvdr(request, executor_.workspaces[0]); }

private:
    lapack::Executor executor_;
};

}  // namespace

std::unique_ptr<Backend> lapack_create(const spectral_context_options& options) {
    if (!lapack_probe().available) fail(SPECTRAL_STATUS_UNAVAILABLE, lapack_probe().reason);
    return std::make_unique<LapackBackend>(options);
}

}  // namespace spectral
