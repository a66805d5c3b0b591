// Randomized truncated SVD with cusolverDnXgesvdr (Halko–Martinsson–Tropp: Gaussian sketch of k + oversample
// columns, `power_iterations` power iterations, then a dense SVD of the small projected matrix).
//
// Notes:
//  - The matrix is staged to the device first, so cuSOLVER overwrites our copy, never the caller's A.
//  - cuSOLVER requires k + oversample < min(m, n) (strict); the ABI allows equality, so that case is refused
//    here with UNSUPPORTED and a message (an explicit backend never silently changes the request).
//  - cuSOLVER draws its sketch from its own generator: the `seed` argument cannot be passed through and is
//    ignored on this backend (documented in the README); results are reproducible only as far as cuSOLVER's
//    generator is.
//  - The matrix is presented tall and column-major like the exact SVD (svd_orientation.h). Srand gets
//    min(m, n) entries and Urand/Vrand k + oversample columns: more than the documented k, so that a
//    cuSOLVER version using the full sketch width as scratch stays inside our buffers.
#include "cuda_ops.h"
#include "cuda_schedule.h"
#include "svd_orientation.h"

#include <algorithm>

namespace spectral::cuda {

void run_gesvdr(CudaContext& context, const RsvdRequest& request) {
    context.activate();
    int64_t k = request.k, oversample = request.oversample;
    if (k + oversample >= std::min(request.m, request.n))
        fail(SPECTRAL_STATUS_UNSUPPORTED,
             "cuda: cusolverDnXgesvdr needs k + oversample < min(m, n); got k + oversample = " + std::to_string(k + oversample) +
                 " and min(m, n) = " + std::to_string(std::min(request.m, request.n)) + " (lower the oversampling)");
    spectral_dtype dtype = request.dtype;
    size_t es = dtype_size(dtype);
    SvdOrientation o = orient(request.a, dtype, request.layout, request.m, request.n, request.lda);
    size_t p = static_cast<size_t>(o.rows), q = static_cast<size_t>(o.cols), width = static_cast<size_t>(k + oversample);
    bool vectors = request.u != nullptr || request.vt != nullptr;
    Arena arena;
    size_t a_off = arena.add(p * q * es), s_off = arena.add(q * es), u_off = arena.add(p * width * es),
           v_off = arena.add(q * width * es), info_off = arena.add(sizeof(int));
    size_t total = arena.size();

    auto scale = std::make_shared<double>(1.0);
    std::vector<Job> jobs(1);
    Job& job = jobs.front();
    job.device_bytes = total * 2;
    job.launch = [&request, o, scale, dtype, es, p, q, k, oversample, vectors, a_off, s_off, u_off, v_off, info_off, total](Lane& lane) {
        const CudaApi& cuda = lane.api;
        auto [device, host] = stage_svd_input(lane, o, dtype, total, a_off, *scale);
        cudaDataType type = cuda_type(dtype);
        signed char job_uv = vectors ? 'S' : 'N';
        int64_t rows = o.rows, cols = o.cols;
        size_t device_bytes = 0, host_bytes = 0;
        SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnXgesvdr_bufferSize(
            lane.solver, lane.params, job_uv, job_uv, rows, cols, k, oversample, request.power_iterations, type, device + a_off,
            rows, type, device + s_off, type, device + u_off, rows, type, device + v_off, cols, type, &device_bytes, &host_bytes));
        void* work = lane.device_workspace(device_bytes);
        void* host_work = lane.host_workspace_of(host_bytes);
        SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnXgesvdr(
            lane.solver, lane.params, job_uv, job_uv, rows, cols, k, oversample, request.power_iterations, type, device + a_off,
            rows, type, device + s_off, type, device + u_off, rows, type, device + v_off, cols, type, work, device_bytes,
            host_work, host_bytes, reinterpret_cast<int*>(device + info_off)));
        lane.mark(2);
        download(lane, host, device, s_off, static_cast<size_t>(k) * es);
        download(lane, host, device, info_off, sizeof(int));
        if (vectors) {
            download(lane, host, device, u_off, p * static_cast<size_t>(k) * es);
            download(lane, host, device, v_off, q * static_cast<size_t>(k) * es);
        }
        lane.mark(3);
    };
    job.finish = [&request, o, scale, dtype, k, vectors, s_off, u_off, v_off, info_off](Lane& lane) {
        const char* host = lane.staging.data();
        int info = checked_info(*reinterpret_cast<const int*>(host + info_off), "cusolverDnXgesvdr");
        if (info > 0)
            fail(SPECTRAL_STATUS_NOT_CONVERGED, "spectral_gesvdr: cusolverDnXgesvdr did not converge (info = " + std::to_string(info) + ")");
        copy_matrix(k, 1, column_major(const_cast<char*>(host + s_off), dtype, k), column_major(request.s, dtype, k), 1.0 / *scale);
        if (!vectors) return;
        // Urand is U_E (rows x k); Vrand is V_E (cols x k), so VT_E is its transpose.
        StridedMatrix u_e = column_major(const_cast<char*>(host + u_off), dtype, o.rows);
        StridedMatrix vt_e = column_major(const_cast<char*>(host + v_off), dtype, o.cols).transposed();
        StridedMatrix u, vt;
        caller_factors(o, u_e, vt_e, u, vt);
        if (request.u != nullptr) copy_matrix(request.m, k, u, user_matrix(request.u, dtype, request.layout, request.ldu));
        if (request.vt != nullptr) copy_matrix(k, request.n, vt, user_matrix(request.vt, dtype, request.layout, request.ldvt));
    };
    run_pipeline(context, jobs, "gesvdr");
}

}  // namespace spectral::cuda
