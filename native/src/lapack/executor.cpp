// Batch execution shared by syev and gesvd: a batch of more than one matrix is spread over the context's
// pool with the BLAS library's own threads pinned to 1 (for every pool size, so that a batch's bits do
// not depend on the pool size or on other contexts running concurrently); a single matrix runs on the
// calling thread and lets BLAS use its threads.
#include "lapack_compute.h"
#include "lapack_library.h"

namespace spectral {
namespace lapack {

namespace {
// Workspaces larger than this are released after each call so that an idle context does not keep the
// memory of its largest matrix.
constexpr std::size_t kKeepWorkspaceBytes = std::size_t(64) << 20;
}  // namespace

void Executor::for_each(std::size_t count, const std::function<void(Workspace&, std::size_t)>& task) {
    bool batch = count > 1;
    struct Trim {
        std::vector<Workspace>& all;
        ~Trim() {
            for (auto& w : all) w.trim(kKeepWorkspaceBytes);
        }
    } trim{workspaces};
    BlasThreadPin pin(batch);
    pool.run(count, [&](std::size_t worker, std::size_t index) { task(workspaces[worker], index); });
}

}  // namespace lapack
}  // namespace spectral
