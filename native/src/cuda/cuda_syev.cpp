// Symmetric eigendecomposition on cuSOLVER.
//
// Dispatch (per request; every task is independent):
//  - a task asking for an index range (il..iu not the whole spectrum): Xsyevdx (range I) per matrix;
//  - full-spectrum tasks are bucketed by order n. A bucket of >= 2 matrices goes to a batched routine:
//    cusolverDnXsyevBatched when the loaded cuSOLVER has it (CUDA 12.6 Update 2+) and n <= 512, chunked so
//    that n*lda*batch <= INT32_MAX as documented; otherwise syevjBatched (Jacobi) when n <= 32 (its limit);
//  - everything else: Xsyevd (divide and conquer) per matrix, spread across the context's streams.
// float32 Xsyevd/Xsyevdx on CUDA 11.x runtimes are computed in float64 (see float32_syevd_needs_promotion).
// Badly scaled matrices are scaled by a power of two while staging, as LAPACK's dsyevd does (staging.h).
//
// Layout: inputs are packed as they lie in memory, read as column-major with the caller's lda. A row-major
// matrix therefore arrives transposed; for a symmetric matrix that only swaps which triangle holds the data,
// so the fill mode is swapped instead (exactly what LAPACKE does). Eigenvectors come back column-major and
// are written in the caller's layout.
#include "cuda_ops.h"
#include "cuda_schedule.h"
#include "cuda_versions.h"

#include <climits>
#include <map>
#include <memory>

namespace spectral::cuda {
namespace {

constexpr int64_t kSyevjBatchedMaxN = 32;   // cuSOLVER's documented limit for syevjBatched
constexpr int64_t kSyevBatchedMaxN = 512;   // beyond this, per-matrix Xsyevd on several streams

cublasFillMode_t fill_mode(const EigRequest& request) {
    bool lower = request.uplo == SPECTRAL_UPLO_LOWER;
    if (request.layout == SPECTRAL_LAYOUT_ROW_MAJOR) lower = !lower;
    return lower ? CUBLAS_FILL_MODE_LOWER : CUBLAS_FILL_MODE_UPPER;
}

/** The caller's storage of matrix `task` read as column-major (its transpose when row-major). */
StridedMatrix storage_of(const EigTask& task, spectral_dtype dtype) {
    return StridedMatrix{const_cast<void*>(task.a), dtype, 1, task.lda};
}

/** Packs matrix `task` into dense column-major `packed` and applies the protective scaling; returns the factor. */
double pack(const EigRequest& request, const EigTask& task, char* packed, spectral_dtype compute) {
    StridedMatrix dst = column_major(packed, compute, task.n);
    copy_matrix(task.n, task.n, storage_of(task, request.dtype), dst);
    Part part = fill_mode(request) == CUBLAS_FILL_MODE_LOWER ? Part::lower : Part::upper;
    double scale = safe_scale(max_abs(task.n, task.n, dst, part), compute);
    scale_in_place(task.n, task.n, dst, part, scale);
    return scale;
}

/** Writes k eigenvalues (divided by the packing scale) and (optionally) the n x k eigenvector block from staging to the caller. */
void unpack(const EigRequest& request, const EigTask& task, const char* w, const char* v, spectral_dtype compute, double scale) {
    int64_t n = task.n, k = task.iu - task.il + 1;
    copy_matrix(k, 1, column_major(const_cast<char*>(w), compute, k), column_major(task.w, request.dtype, k), 1.0 / scale);
    if (request.vectors)
        copy_matrix(n, k, column_major(const_cast<char*>(v), compute, n),
                    user_matrix(task.v, request.dtype, request.layout, task.ldv));
}

/** One matrix with Xsyevd (full spectrum) or Xsyevdx (index range). */
Job single_job(const EigRequest& request, const EigTask& task, const CudaApi& api) {
    struct State {
        int64_t meig = 0;
        double vl64 = 0, vu64 = 0;  // unused bounds for range I, passed as the compute type
        float vl32 = 0, vu32 = 0;
        double scale = 1.0;
    };
    auto state = std::make_shared<State>();
    bool range = task.il != 0 || task.iu != task.n - 1;
    spectral_dtype compute = request.dtype == SPECTRAL_DTYPE_FLOAT32 && float32_syevd_needs_promotion(api.runtime_version)
                                 ? SPECTRAL_DTYPE_FLOAT64
                                 : request.dtype;
    size_t es = dtype_size(compute);
    int64_t n = task.n, k = task.iu - task.il + 1;
    size_t nn = static_cast<size_t>(n) * static_cast<size_t>(n);
    Arena arena;
    size_t a_off = arena.add(nn * es), w_off = arena.add(static_cast<size_t>(n) * es), info_off = arena.add(sizeof(int));
    size_t total = arena.size();
    const char* routine = range ? "cusolverDnXsyevdx" : "cusolverDnXsyevd";

    Job job;
    job.device_bytes = total * 3;  // data + a workspace of comparable size
    job.launch = [&request, &task, state, range, compute, es, n, k, nn, a_off, w_off, info_off, total](Lane& lane) {
        const CudaApi& cuda = lane.api;
        char* device = lane.data.reserve(total);
        char* host = lane.staging.reserve(total);
        state->scale = pack(request, task, host + a_off, compute);
        lane.mark(0);
        upload(lane, device, host, a_off, nn * es);
        lane.mark(1);
        cudaDataType type = cuda_type(compute);
        cusolverEigMode_t jobz = request.vectors ? CUSOLVER_EIG_MODE_VECTOR : CUSOLVER_EIG_MODE_NOVECTOR;
        cublasFillMode_t fill = fill_mode(request);
        void* a = device + a_off;
        void* w = device + w_off;
        int* info = reinterpret_cast<int*>(device + info_off);
        size_t device_bytes = 0, host_bytes = 0;
        if (!range) {
            SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnXsyevd_bufferSize(lane.solver, lane.params, jobz, fill, n, type, a, n,
                                                                           type, w, type, &device_bytes, &host_bytes));
            void* work = lane.device_workspace(device_bytes);
            void* host_work = lane.host_workspace_of(host_bytes);
            SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnXsyevd(lane.solver, lane.params, jobz, fill, n, type, a, n, type, w,
                                                                type, work, device_bytes, host_work, host_bytes, info));
        } else {
            void* vl = compute == SPECTRAL_DTYPE_FLOAT32 ? static_cast<void*>(&state->vl32) : static_cast<void*>(&state->vl64);
            void* vu = compute == SPECTRAL_DTYPE_FLOAT32 ? static_cast<void*>(&state->vu32) : static_cast<void*>(&state->vu64);
            // cuSOLVER's il/iu are 1-based, like LAPACK's.
            SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnXsyevdx_bufferSize(
                lane.solver, lane.params, jobz, CUSOLVER_EIG_RANGE_I, fill, n, type, a, n, vl, vu, task.il + 1, task.iu + 1,
                &state->meig, type, w, type, &device_bytes, &host_bytes));
            void* work = lane.device_workspace(device_bytes);
            void* host_work = lane.host_workspace_of(host_bytes);
            SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnXsyevdx(
                lane.solver, lane.params, jobz, CUSOLVER_EIG_RANGE_I, fill, n, type, a, n, vl, vu, task.il + 1, task.iu + 1,
                &state->meig, type, w, type, work, device_bytes, host_work, host_bytes, info));
        }
        lane.mark(2);
        download(lane, host, device, w_off, static_cast<size_t>(n) * es);
        download(lane, host, device, info_off, sizeof(int));
        if (request.vectors) download(lane, host, device, a_off, static_cast<size_t>(n) * static_cast<size_t>(k) * es);
        lane.mark(3);
    };
    job.finish = [&request, &task, state, range, compute, k, a_off, w_off, info_off, routine](Lane& lane) {
        const char* host = lane.staging.data();
        int info = checked_info(*reinterpret_cast<const int*>(host + info_off), routine);
        if (info > 0) {
            *task.info = info;
            return;
        }
        if (range && state->meig != k)
            fail(SPECTRAL_STATUS_BACKEND_ERROR, "cuda: cusolverDnXsyevdx returned " + std::to_string(state->meig) +
                                                    " eigenvalues for an index range of " + std::to_string(k));
        unpack(request, task, host + w_off, host + a_off, compute, state->scale);
        *task.info = 0;
    };
    return job;
}

/** A chunk of same-order matrices with XsyevBatched or syevjBatched. */
Job batched_job(const EigRequest& request, std::vector<const EigTask*> tasks, bool use_syev_batched) {
    spectral_dtype dtype = request.dtype;
    size_t es = dtype_size(dtype);
    int64_t n = tasks.front()->n;
    int64_t count = static_cast<int64_t>(tasks.size());
    size_t nn = static_cast<size_t>(n) * static_cast<size_t>(n);
    size_t c = static_cast<size_t>(count);
    Arena arena;
    size_t a_off = arena.add(c * nn * es), w_off = arena.add(c * static_cast<size_t>(n) * es), info_off = arena.add(c * sizeof(int));
    size_t total = arena.size();
    const char* routine = use_syev_batched ? "cusolverDnXsyevBatched" : "cusolverDn(S|D)syevjBatched";
    auto list = std::make_shared<std::vector<const EigTask*>>(std::move(tasks));
    auto scales = std::make_shared<std::vector<double>>(c, 1.0);

    Job job;
    job.device_bytes = total * 3;
    job.launch = [&request, list, scales, use_syev_batched, dtype, es, n, count, nn, c, a_off, w_off, info_off, total](Lane& lane) {
        const CudaApi& cuda = lane.api;
        char* device = lane.data.reserve(total);
        char* host = lane.staging.reserve(total);
        for (size_t i = 0; i < c; ++i) (*scales)[i] = pack(request, *(*list)[i], host + a_off + i * nn * es, dtype);
        lane.mark(0);
        upload(lane, device, host, a_off, c * nn * es);
        lane.mark(1);
        cusolverEigMode_t jobz = request.vectors ? CUSOLVER_EIG_MODE_VECTOR : CUSOLVER_EIG_MODE_NOVECTOR;
        cublasFillMode_t fill = fill_mode(request);
        void* a = device + a_off;
        void* w = device + w_off;
        int* info = reinterpret_cast<int*>(device + info_off);
        if (use_syev_batched) {
            cudaDataType type = cuda_type(dtype);
            size_t device_bytes = 0, host_bytes = 0;
            SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnXsyevBatched_bufferSize(lane.solver, lane.params, jobz, fill, n, type, a,
                                                                                 n, type, w, type, &device_bytes, &host_bytes, count));
            void* work = lane.device_workspace(device_bytes);
            void* host_work = lane.host_workspace_of(host_bytes);
            SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnXsyevBatched(lane.solver, lane.params, jobz, fill, n, type, a, n, type, w,
                                                                      type, work, device_bytes, host_work, host_bytes, info, count));
        } else {
            int ni = static_cast<int>(n), ci = static_cast<int>(count), lwork = 0;
            if (dtype == SPECTRAL_DTYPE_FLOAT32) {
                SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnSsyevjBatched_bufferSize(
                    lane.solver, jobz, fill, ni, static_cast<const float*>(a), ni, static_cast<const float*>(w), &lwork, lane.syevj, ci));
                void* work = lane.device_workspace(static_cast<size_t>(lwork) * es);
                SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnSsyevjBatched(lane.solver, jobz, fill, ni, static_cast<float*>(a), ni,
                                                                           static_cast<float*>(w), static_cast<float*>(work), lwork,
                                                                           info, lane.syevj, ci));
            } else {
                SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnDsyevjBatched_bufferSize(
                    lane.solver, jobz, fill, ni, static_cast<const double*>(a), ni, static_cast<const double*>(w), &lwork, lane.syevj, ci));
                void* work = lane.device_workspace(static_cast<size_t>(lwork) * es);
                SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnDsyevjBatched(lane.solver, jobz, fill, ni, static_cast<double*>(a), ni,
                                                                           static_cast<double*>(w), static_cast<double*>(work), lwork,
                                                                           info, lane.syevj, ci));
            }
        }
        lane.mark(2);
        download(lane, host, device, w_off, c * static_cast<size_t>(n) * es);
        download(lane, host, device, info_off, c * sizeof(int));
        if (request.vectors) download(lane, host, device, a_off, c * nn * es);
        lane.mark(3);
    };
    job.finish = [&request, list, scales, dtype, es, n, nn, c, a_off, w_off, info_off, routine](Lane& lane) {
        const char* host = lane.staging.data();
        const int* infos = reinterpret_cast<const int*>(host + info_off);
        for (size_t i = 0; i < c; ++i) {
            const EigTask& task = *(*list)[i];
            int info = checked_info(infos[i], routine);
            if (info > 0) {
                *task.info = info;
                continue;
            }
            unpack(request, task, host + w_off + i * static_cast<size_t>(n) * es, host + a_off + i * nn * es, dtype, (*scales)[i]);
            *task.info = 0;
        }
    };
    return job;
}

}  // namespace

void run_syev(CudaContext& context, const EigRequest& request) {
    context.activate();
    const CudaApi& api = context.api();
    std::map<int64_t, std::vector<const EigTask*>> buckets;
    std::vector<Job> jobs;
    for (const auto& task : request.tasks) {
        if (task.il != 0 || task.iu != task.n - 1)
            jobs.push_back(single_job(request, task, api));
        else
            buckets[task.n].push_back(&task);
    }
    for (auto& [n, tasks] : buckets) {
        bool syev_batched = api.solver.has_syev_batched() && n <= kSyevBatchedMaxN;
        bool batched = tasks.size() >= 2 && (syev_batched || n <= kSyevjBatchedMaxN);
        if (!batched) {
            for (const EigTask* task : tasks) jobs.push_back(single_job(request, *task, api));
            continue;
        }
        size_t per_matrix = (static_cast<size_t>(n) * static_cast<size_t>(n) + static_cast<size_t>(n)) * dtype_size(request.dtype);
        // n*lda*batch must stay within a 32-bit int (documented for XsyevBatched; syevjBatched takes int sizes).
        int64_t max_count = std::max<int64_t>(1, static_cast<int64_t>(INT_MAX) / std::max<int64_t>(1, n * n));
        int64_t step = chunk_count(static_cast<int64_t>(tasks.size()), per_matrix, max_count);
        for (size_t start = 0; start < tasks.size(); start += static_cast<size_t>(step)) {
            size_t end = std::min(tasks.size(), start + static_cast<size_t>(step));
            jobs.push_back(batched_job(request, std::vector<const EigTask*>(tasks.begin() + static_cast<std::ptrdiff_t>(start),
                                                                            tasks.begin() + static_cast<std::ptrdiff_t>(end)),
                                       syev_batched));
        }
    }
    run_pipeline(context, jobs, "syev");
}

}  // namespace spectral::cuda
