// The LAPACK backend's compute routines, one file each (syev.cpp, gesvd.cpp, gesvdr.cpp). Requests arrive
// validated by api_compute.cpp; these functions narrow sizes to LAPACK's 32-bit integers, run the
// workspace queries, call the routines and translate info codes.
#pragma once

#include "../core/backend.h"
#include "thread_pool.h"
#include "workspace.h"

#include <functional>
#include <vector>

namespace spectral {
namespace lapack {

/** Per-context execution resources: the batch thread pool and one workspace per worker. */
struct Executor {
    explicit Executor(std::size_t threads) : pool(threads), workspaces(pool.size()) {}
    ThreadPool pool;
    std::vector<Workspace> workspaces;

    /** Runs `task(workspace, index)` for every index, spreading a batch over the pool. */
    void for_each(std::size_t count, const std::function<void(Workspace&, std::size_t)>& task);
};

/** Symmetric eigen: ?syevd for full spectra, ?syevr (RANGE = 'I') for index ranges. */
void syev(const EigRequest& request, Executor& executor);

/** Thin SVD / singular values with ?gesdd. */
void gesvd(const SvdRequest& request, Executor& executor);

/** Eigenvalues of the float64 Gram matrix of the smaller side: dsyrk + dsyevd. */
void gram_eigenvalues(const GramRequest& request, Workspace& workspace);

/** Randomized truncated SVD (Halko–Martinsson–Tropp) with ?gemm, ?geqrf/?orgqr and ?gesdd. */
void gesvdr(const RsvdRequest& request, Workspace& workspace);

}  // namespace lapack
}  // namespace spectral
