// The LAPACK backend behind a context: owns the batch thread pool and the per-worker workspaces and
// dispatches validated requests to syev.cpp, gesvd.cpp and gesvdr.cpp.
#include "../core/backend.h"
#include "../core/error.h"
#include "lapack_compute.h"
#include "lapack_library.h"

#include <thread>

namespace spectral {
namespace {

// OpenBLAS keeps a fixed table of per-thread memory regions (2 x MAX_THREADS, 128 in Debian's build) and
// terminates the process when more threads call it at once; capping our workers keeps far below that.
constexpr std::size_t kMaxWorkers = 32;

std::size_t pool_size(const spectral_context_options& options) {
    std::size_t wanted = options.num_threads > 0 ? static_cast<std::size_t>(options.num_threads) : std::thread::hardware_concurrency();
    if (wanted == 0) wanted = 1;
    return wanted < kMaxWorkers ? wanted : kMaxWorkers;
}

class LapackBackend final : public Backend {
public:
    explicit LapackBackend(const spectral_context_options& options) : executor_(pool_size(options)) {}

    spectral_backend kind() const noexcept override { return SPECTRAL_BACKEND_LAPACK; }

    void syev(const EigRequest& request) override { lapack::syev(request, executor_); }

    void gesvd(const SvdRequest& request) override { lapack::gesvd(request, executor_); }

    void gesvdr(const RsvdRequest& request) override { lapack::gesvdr(request, executor_.workspaces[0]); }

    void gram_eigenvalues(const GramRequest& request) override { lapack::gram_eigenvalues(request, executor_.workspaces[0]); }

private:
    lapack::Executor executor_;
};

}  // namespace

std::unique_ptr<Backend> lapack_create(const spectral_context_options& options) {
    if (!lapack_probe().available) fail(SPECTRAL_STATUS_UNAVAILABLE, lapack_probe().reason);
    return std::make_unique<LapackBackend>(options);
}

}  // namespace spectral
