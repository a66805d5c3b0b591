// Eigenvalues of the Gram matrix of the smaller side (spectral_gram_eigenvalues) on the device, in float64:
// the input is widened and packed on the host as W (k x L) scaled by a power of two (core/gram_input.h), uploaded,
// C = W W^T formed by cublasDsyrk (lower triangle), its eigenvalues computed by cusolverDnXsyevd (values only),
// and only the k eigenvalues come back. float64 throughout: an ESD needs the small eigenvalues, which a float32
// product would bury under ~1e-7 * lambda_max of rounding.
#include "../core/gram_input.h"
#include "cuda_ops.h"
#include "cuda_schedule.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <memory>

namespace spectral::cuda {

void run_gram(CudaContext& context, const GramRequest& request) {
    context.activate();
    const int64_t k = std::min(request.m, request.n), length = std::max(request.m, request.n);
    if (length > INT_MAX)
        fail(SPECTRAL_STATUS_UNSUPPORTED, "cuda: cublasDsyrk takes 32-bit sizes; max(m, n) = " + std::to_string(length) +
                                              " exceeds " + std::to_string(INT_MAX));
    const size_t packed_bytes = static_cast<size_t>(k) * static_cast<size_t>(length) * sizeof(double);
    const size_t gram_bytes = static_cast<size_t>(k) * static_cast<size_t>(k) * sizeof(double);
    Arena arena;
    const size_t a_off = arena.add(packed_bytes), c_off = arena.add(gram_bytes), w_off = arena.add(static_cast<size_t>(k) * sizeof(double)),
                 info_off = arena.add(sizeof(int));
    const size_t total = arena.size();
    auto exponent = std::make_shared<int>(0);
    std::vector<Job> jobs(1);
    Job& job = jobs.front();
    job.device_bytes = total + gram_bytes;
    job.launch = [&request, exponent, k, length, packed_bytes, a_off, c_off, w_off, info_off, total](Lane& lane) {
        const CudaApi& cuda = lane.api;
        char* device = lane.data.reserve(total);
        char* host = lane.staging.reserve(total);
        *exponent = pack_gram_input(request, reinterpret_cast<double*>(host + a_off));
        lane.mark(0);
        upload(lane, device, host, a_off, packed_bytes);
        lane.mark(1);
        const double one = 1.0, zero = 0.0;
        const int n32 = static_cast<int>(k), k32 = static_cast<int>(length);
        SPECTRAL_CUBLAS_CHECK(cuda.blas.cublasDsyrk_v2(lane.blas, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_N, n32, k32, &one,
                                                       reinterpret_cast<const double*>(device + a_off), n32, &zero,
                                                       reinterpret_cast<double*>(device + c_off), n32));
        size_t device_bytes = 0, host_bytes = 0;
        SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnXsyevd_bufferSize(lane.solver, lane.params, CUSOLVER_EIG_MODE_NOVECTOR,
                                                                       CUBLAS_FILL_MODE_LOWER, k, CUDA_R_64F, device + c_off, k,
                                                                       CUDA_R_64F, device + w_off, CUDA_R_64F, &device_bytes, &host_bytes));
        void* work = lane.device_workspace(device_bytes);
        void* host_work = lane.host_workspace_of(host_bytes);
        SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnXsyevd(lane.solver, lane.params, CUSOLVER_EIG_MODE_NOVECTOR, CUBLAS_FILL_MODE_LOWER, k,
                                                            CUDA_R_64F, device + c_off, k, CUDA_R_64F, device + w_off, CUDA_R_64F, work,
                                                            device_bytes, host_work, host_bytes, reinterpret_cast<int*>(device + info_off)));
        lane.mark(2);
        download(lane, host, device, w_off, static_cast<size_t>(k) * sizeof(double));
        download(lane, host, device, info_off, sizeof(int));
        lane.mark(3);
    };
    job.finish = [&request, exponent, k, w_off, info_off](Lane& lane) {
        const char* host = lane.staging.data();
        *request.info = checked_info(*reinterpret_cast<const int*>(host + info_off), "cusolverDnXsyevd");
        const double* w = reinterpret_cast<const double*>(host + w_off);
        for (int64_t i = 0; i < k; ++i) request.w[i] = std::ldexp(w[i], -2 * *exponent);
    };
    run_pipeline(context, jobs, "gram");
}

}  // namespace spectral::cuda
