// Thin SVD on cuSOLVER.
//
// Dispatch: matrices are bucketed by shape. A bucket of >= 2 matrices with max(m, n) <= 32 goes to
// gesvdjBatched (one-sided Jacobi, cuSOLVER's documented size limit 32), in chunks; every other matrix goes to
// Xgesvd (QR-based bidiagonalization, LAPACK's gesvd algorithm) one per stream. Xgesvdp (polar decomposition)
// is deliberately not used: cuSOLVER documents that it may lose accuracy on rank-deficient input, which is
// common for neural-network weights. The Gram route (cuBLAS syrk + eigensolver) is not used either: it squares
// the condition number, so gesvd stays exact here and the ESD Gram route lives in the managed analyses.
// See svd_orientation.h for how row-major and wide matrices are presented (always tall, column-major), and
// staging.h for the protective power-of-two scaling of badly scaled input.
#include "cuda_ops.h"
#include "cuda_schedule.h"
#include "svd_orientation.h"

#include <algorithm>
#include <climits>
#include <map>
#include <memory>
#include <utility>

namespace spectral::cuda {
namespace {

constexpr int64_t kGesvdjBatchedMaxSize = 32;

/** Writes k values and (optionally) the caller's U and VT from E's factors in staging. */
void unpack(const SvdRequest& request, const SvdTask& task, const SvdOrientation& o, const char* s, StridedMatrix u_e,
            StridedMatrix vt_e, double scale) {
    int64_t k = std::min(task.m, task.n);
    copy_matrix(k, 1, column_major(const_cast<char*>(s), u_e.dtype, k), column_major(task.s, request.dtype, k), 1.0 / scale);
    if (!request.vectors) return;
    StridedMatrix u, vt;
    caller_factors(o, u_e, vt_e, u, vt);
    copy_matrix(task.m, k, u, user_matrix(task.u, request.dtype, request.layout, task.ldu));
    copy_matrix(k, task.n, vt, user_matrix(task.vt, request.dtype, request.layout, task.ldvt));
}

/** One matrix with Xgesvd (jobu = jobvt = 'S' for vectors, 'N' for values). */
Job single_job(const SvdRequest& request, const SvdTask& task) {
    spectral_dtype dtype = request.dtype;
    size_t es = dtype_size(dtype);
    SvdOrientation o = orient(task.a, dtype, request.layout, task.m, task.n, task.lda);
    size_t p = static_cast<size_t>(o.rows), q = static_cast<size_t>(o.cols);  // k = q
    Arena arena;
    size_t a_off = arena.add(p * q * es), s_off = arena.add(q * es), u_off = arena.add(p * q * es),
           vt_off = arena.add(q * q * es), info_off = arena.add(sizeof(int));
    size_t total = arena.size();
    auto scale = std::make_shared<double>(1.0);

    Job job;
    job.device_bytes = total * 2;
    job.launch = [&request, o, scale, dtype, es, p, q, a_off, s_off, u_off, vt_off, info_off, total](Lane& lane) {
        const CudaApi& cuda = lane.api;
        auto [device, host] = stage_svd_input(lane, o, dtype, total, a_off, *scale);
        cudaDataType type = cuda_type(dtype);
        signed char job_uv = request.vectors ? 'S' : 'N';
        int64_t rows = o.rows, cols = o.cols;
        size_t device_bytes = 0, host_bytes = 0;
        SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnXgesvd_bufferSize(
            lane.solver, lane.params, job_uv, job_uv, rows, cols, type, device + a_off, rows, type, device + s_off, type,
            device + u_off, rows, type, device + vt_off, cols, type, &device_bytes, &host_bytes));
        void* work = lane.device_workspace(device_bytes);
        void* host_work = lane.host_workspace_of(host_bytes);
        SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnXgesvd(
            lane.solver, lane.params, job_uv, job_uv, rows, cols, type, device + a_off, rows, type, device + s_off, type,
            device + u_off, rows, type, device + vt_off, cols, type, work, device_bytes, host_work, host_bytes,
            reinterpret_cast<int*>(device + info_off)));
        lane.mark(2);
        download(lane, host, device, s_off, q * es);
        download(lane, host, device, info_off, sizeof(int));
        if (request.vectors) {
            download(lane, host, device, u_off, p * q * es);
            download(lane, host, device, vt_off, q * q * es);
        }
        lane.mark(3);
    };
    job.finish = [&request, &task, o, scale, dtype, s_off, u_off, vt_off, info_off](Lane& lane) {
        const char* host = lane.staging.data();
        int info = checked_info(*reinterpret_cast<const int*>(host + info_off), "cusolverDnXgesvd");
        if (info > 0) {
            *task.info = info;
            return;
        }
        StridedMatrix u_e = column_major(const_cast<char*>(host + u_off), dtype, o.rows);
        StridedMatrix vt_e = column_major(const_cast<char*>(host + vt_off), dtype, o.cols);
        unpack(request, task, o, host + s_off, u_e, vt_e, *scale);
        *task.info = 0;
    };
    return job;
}

/** A chunk of same-shape small matrices with gesvdjBatched (full U_E p x p and V_E q x q per matrix). */
Job batched_job(const SvdRequest& request, std::vector<const SvdTask*> tasks) {
    spectral_dtype dtype = request.dtype;
    size_t es = dtype_size(dtype);
    const SvdTask& first = *tasks.front();
    SvdOrientation shape = orient(first.a, dtype, request.layout, first.m, first.n, first.lda);
    size_t p = static_cast<size_t>(shape.rows), q = static_cast<size_t>(shape.cols), c = tasks.size();
    Arena arena;
    size_t a_off = arena.add(c * p * q * es), s_off = arena.add(c * q * es), u_off = arena.add(c * p * p * es),
           v_off = arena.add(c * q * q * es), info_off = arena.add(c * sizeof(int));
    size_t total = arena.size();
    auto list = std::make_shared<std::vector<const SvdTask*>>(std::move(tasks));
    auto scales = std::make_shared<std::vector<double>>(c, 1.0);

    Job job;
    job.device_bytes = total * 2;
    job.launch = [&request, list, scales, dtype, es, p, q, c, a_off, s_off, u_off, v_off, info_off, total](Lane& lane) {
        const CudaApi& cuda = lane.api;
        char* device = lane.data.reserve(total);
        char* host = lane.staging.reserve(total);
        for (size_t i = 0; i < c; ++i) {
            const SvdTask& task = *(*list)[i];
            SvdOrientation o = orient(task.a, dtype, request.layout, task.m, task.n, task.lda);
            (*scales)[i] = pack(o, host + a_off + i * p * q * es, dtype);
        }
        lane.mark(0);
        upload(lane, device, host, a_off, c * p * q * es);
        lane.mark(1);
        cusolverEigMode_t jobz = request.vectors ? CUSOLVER_EIG_MODE_VECTOR : CUSOLVER_EIG_MODE_NOVECTOR;
        int pi = static_cast<int>(p), qi = static_cast<int>(q), ci = static_cast<int>(c), lwork = 0;
        void* a = device + a_off;
        void* s = device + s_off;
        void* u = device + u_off;
        void* v = device + v_off;
        int* info = reinterpret_cast<int*>(device + info_off);
        if (dtype == SPECTRAL_DTYPE_FLOAT32) {
            SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnSgesvdjBatched_bufferSize(
                lane.solver, jobz, pi, qi, static_cast<const float*>(a), pi, static_cast<const float*>(s),
                static_cast<const float*>(u), pi, static_cast<const float*>(v), qi, &lwork, lane.gesvdj, ci));
            void* work = lane.device_workspace(static_cast<size_t>(lwork) * es);
            SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnSgesvdjBatched(
                lane.solver, jobz, pi, qi, static_cast<float*>(a), pi, static_cast<float*>(s), static_cast<float*>(u), pi,
                static_cast<float*>(v), qi, static_cast<float*>(work), lwork, info, lane.gesvdj, ci));
        } else {
            SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnDgesvdjBatched_bufferSize(
                lane.solver, jobz, pi, qi, static_cast<const double*>(a), pi, static_cast<const double*>(s),
                static_cast<const double*>(u), pi, static_cast<const double*>(v), qi, &lwork, lane.gesvdj, ci));
            void* work = lane.device_workspace(static_cast<size_t>(lwork) * es);
            SPECTRAL_CUSOLVER_CHECK(cuda.solver.cusolverDnDgesvdjBatched(
                lane.solver, jobz, pi, qi, static_cast<double*>(a), pi, static_cast<double*>(s), static_cast<double*>(u), pi,
                static_cast<double*>(v), qi, static_cast<double*>(work), lwork, info, lane.gesvdj, ci));
        }
        lane.mark(2);
        download(lane, host, device, s_off, c * q * es);
        download(lane, host, device, info_off, c * sizeof(int));
        if (request.vectors) {
            download(lane, host, device, u_off, c * p * p * es);
            download(lane, host, device, v_off, c * q * q * es);
        }
        lane.mark(3);
    };
    job.finish = [&request, list, scales, dtype, es, p, q, c, s_off, u_off, v_off, info_off](Lane& lane) {
        const char* host = lane.staging.data();
        const int* infos = reinterpret_cast<const int*>(host + info_off);
        for (size_t i = 0; i < c; ++i) {
            const SvdTask& task = *(*list)[i];
            int info = checked_info(infos[i], "cusolverDn(S|D)gesvdjBatched");
            if (info > 0) {
                *task.info = info;
                continue;
            }
            SvdOrientation o = orient(task.a, dtype, request.layout, task.m, task.n, task.lda);
            StridedMatrix u_e = column_major(const_cast<char*>(host + u_off + i * p * p * es), dtype, static_cast<int64_t>(p));
            // gesvdj returns V (q x q, columns = right singular vectors); VT_E is its transpose.
            StridedMatrix vt_e =
                column_major(const_cast<char*>(host + v_off + i * q * q * es), dtype, static_cast<int64_t>(q)).transposed();
            unpack(request, task, o, host + s_off + i * q * es, u_e, vt_e, (*scales)[i]);
            *task.info = 0;
        }
    };
    return job;
}

}  // namespace

void run_gesvd(CudaContext& context, const SvdRequest& request) {
    context.activate();
    std::map<std::pair<int64_t, int64_t>, std::vector<const SvdTask*>> buckets;
    for (const auto& task : request.tasks) buckets[{task.m, task.n}].push_back(&task);
    std::vector<Job> jobs;
    for (auto& [shape, tasks] : buckets) {
        int64_t m = shape.first, n = shape.second;
        bool batched = tasks.size() >= 2 && std::max(m, n) <= kGesvdjBatchedMaxSize;
        if (!batched) {
            for (const SvdTask* task : tasks) jobs.push_back(single_job(request, *task));
            continue;
        }
        size_t per_matrix = static_cast<size_t>(m * n + m * m + n * n + std::min(m, n)) * dtype_size(request.dtype);
        int64_t step = chunk_count(static_cast<int64_t>(tasks.size()), per_matrix, INT_MAX / (32 * 32));
        for (size_t start = 0; start < tasks.size(); start += static_cast<size_t>(step)) {
            size_t end = std::min(tasks.size(), start + static_cast<size_t>(step));
            jobs.push_back(batched_job(request, std::vector<const SvdTask*>(tasks.begin() + static_cast<std::ptrdiff_t>(start),
                                                                            tasks.begin() + static_cast<std::ptrdiff_t>(end))));
        }
    }
    run_pipeline(context, jobs, "gesvd");
}

}  // namespace spectral::cuda
