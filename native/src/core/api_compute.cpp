// Compute exports: every argument is validated here (null pointers, enum values, sizes, offsets against
// buffer lengths, overlap of outputs, non-finite input) before a request reaches a backend.
#include "backend.h"
#include "checked.h"
#include "error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace spectral {
namespace {

std::string at(const char* name, int64_t i) { return std::string(name) + "[" + std::to_string(i) + "]"; }

int64_t element_size(spectral_dtype dtype) { return dtype == SPECTRAL_DTYPE_FLOAT32 ? 4 : 8; }

void check_common(const char* fn, spectral_context* context, spectral_dtype dtype, spectral_layout layout) {
    if (context == nullptr || !context->backend) invalid_argument(fn, "context", "is NULL");
    if (dtype != SPECTRAL_DTYPE_FLOAT32 && dtype != SPECTRAL_DTYPE_FLOAT64)
        invalid_argument(fn, "dtype", "is " + std::to_string(dtype) + ", expected 1 (float32) or 2 (float64)");
    if (layout != SPECTRAL_LAYOUT_ROW_MAJOR && layout != SPECTRAL_LAYOUT_COL_MAJOR)
        invalid_argument(fn, "layout", "is " + std::to_string(layout) + ", expected 0 (row-major) or 1 (column-major)");
}

void check_job(const char* fn, spectral_job job) {
    if (job != SPECTRAL_JOB_VALUES && job != SPECTRAL_JOB_VECTORS)
        invalid_argument(fn, "job", "is " + std::to_string(job) + ", expected 0 (values) or 1 (vectors)");
}

void check_uplo(const char* fn, spectral_uplo uplo) {
    if (uplo != SPECTRAL_UPLO_LOWER && uplo != SPECTRAL_UPLO_UPPER)
        invalid_argument(fn, "uplo", "is " + std::to_string(uplo) + ", expected 0 (lower) or 1 (upper)");
}

/** A byte range written or read by one matrix of a batch, for the overlap check. */
struct Range {
    uintptr_t begin, end;
    std::string what;
};

/** One buffer of a batched call: pointer, length in elements and per-matrix offsets. */
struct Buffer {
    const char* name;
    const char* offsets_name;
    const void* data;
    int64_t len;
    const int64_t* offsets;
};

void check_buffer_header(const char* fn, const Buffer& b, int64_t count, bool required) {
    if (!required) {
        if (b.data != nullptr || b.len != 0 || b.offsets != nullptr)
            invalid_argument(fn, b.name, "must be NULL (with length 0 and NULL offsets) when job is values-only");
        return;
    }
    if (b.len < 0) invalid_argument(fn, std::string(b.name) + "_len", "is negative (" + std::to_string(b.len) + ")");
    if (b.len > 0 && b.data == nullptr) invalid_argument(fn, b.name, "is NULL but its length is " + std::to_string(b.len));
    // The buffer's extent in bytes must be addressable, or pointer arithmetic inside it would wrap.
    checked_mul(b.len, 8, fn, std::string(b.name) + "_len");
    if (count > 0 && b.offsets == nullptr) invalid_argument(fn, b.offsets_name, "is NULL");
}

/** Checks matrix i's [offset, offset + extent) against the buffer and returns its start pointer. */
const void* locate(const char* fn, const Buffer& b, int64_t i, int64_t extent, spectral_dtype dtype,
                   std::vector<Range>* ranges) {
    int64_t offset = b.offsets[i];
    if (offset < 0) invalid_argument(fn, at(b.offsets_name, i), "is negative (" + std::to_string(offset) + ")");
    int64_t end = checked_add(offset, extent, fn, at(b.offsets_name, i));
    if (end > b.len)
        invalid_argument(fn, at(b.offsets_name, i),
                         "= " + std::to_string(offset) + " plus the matrix's " + std::to_string(extent) +
                             " elements exceeds " + b.name + "_len = " + std::to_string(b.len));
    if (extent == 0) return b.data;
    const char* base = static_cast<const char*>(b.data) + offset * element_size(dtype);
    if (ranges != nullptr) {
        auto begin = reinterpret_cast<uintptr_t>(base);
        ranges->push_back(Range{begin, begin + static_cast<uintptr_t>(extent * element_size(dtype)),
                                at(b.name, i)});
    }
    return base;
}

void check_no_overlap(const char* fn, std::vector<Range>& outputs, std::vector<Range>& inputs) {
    std::sort(outputs.begin(), outputs.end(), [](const Range& x, const Range& y) { return x.begin < y.begin; });
    for (size_t i = 1; i < outputs.size(); ++i)
        if (outputs[i].begin < outputs[i - 1].end)
            invalid_argument(fn, "outputs", outputs[i - 1].what + " and " + outputs[i].what + " overlap");
    for (const auto& in : inputs) {
        auto it = std::upper_bound(outputs.begin(), outputs.end(), in.begin,
                                   [](uintptr_t v, const Range& r) { return v < r.begin; });
        if (it != outputs.begin()) {
            auto prev = std::prev(it);
            if (prev->end > in.begin) invalid_argument(fn, "outputs", prev->what + " overlaps input " + in.what);
        }
        if (it != outputs.end() && it->begin < in.end)
            invalid_argument(fn, "outputs", it->what + " overlaps input " + in.what);
    }
}

template <class T>
bool find_non_finite(const T* a, int64_t rows, int64_t cols, int64_t ld, spectral_layout layout, int triangle,
                     int64_t& bad_i, int64_t& bad_j) {
    // triangle: 0 = full, 1 = lower only, 2 = upper only.
    // An empty matrix has nothing to scan; returning here also keeps an m x 0 matrix with a huge m
    // (valid: it has no elements) from looping m times over empty rows.
    if (rows <= 0 || cols <= 0) return false;
    for (int64_t i = 0; i < rows; ++i) {
        int64_t j0 = triangle == 2 ? i : 0;
        int64_t j1 = triangle == 1 ? i + 1 : cols;
        for (int64_t j = j0; j < j1; ++j) {
            T x = layout == SPECTRAL_LAYOUT_ROW_MAJOR ? a[i * ld + j] : a[i + j * ld];
            if (!std::isfinite(x)) {
                bad_i = i;
                bad_j = j;
                return true;
            }
        }
    }
    return false;
}

bool non_finite(spectral_dtype dtype, const void* a, int64_t rows, int64_t cols, int64_t ld, spectral_layout layout,
                int triangle, int64_t& bad_i, int64_t& bad_j) {
    if (dtype == SPECTRAL_DTYPE_FLOAT32)
        return find_non_finite(static_cast<const float*>(a), rows, cols, ld, layout, triangle, bad_i, bad_j);
    return find_non_finite(static_cast<const double*>(a), rows, cols, ld, layout, triangle, bad_i, bad_j);
}

/**
 * Checks that a strided matrix argument spans an addressable byte range: (outer - 1) * ld + inner elements
 * of `dtype` must not overflow, or pointer arithmetic on it would wrap.
 */
void check_extent(const char* fn, const char* ld_name, int64_t outer, int64_t ld, int64_t inner, spectral_dtype dtype) {
    if (outer <= 0 || inner <= 0) return;
    checked_mul(checked_add(checked_mul(outer - 1, ld, fn, ld_name), inner, fn, ld_name), element_size(dtype), fn, ld_name);
}

int uplo_triangle(spectral_uplo uplo) { return uplo == SPECTRAL_UPLO_LOWER ? 1 : 2; }

/** Runs a request with a single task and maps its info code to a status. */
/** A general m x n input `a` (lda already checked against the shape): its byte extent is addressable and it is finite. */
void check_general_input(const char* fn, spectral_dtype dtype, spectral_layout layout, int64_t m, int64_t n, const void* a, int64_t lda) {
    bool row = layout == SPECTRAL_LAYOUT_ROW_MAJOR;
    checked_mul(checked_add(checked_mul((row ? m : n) - 1, lda, fn, "lda"), row ? n : m, fn, "lda"), element_size(dtype), fn, "lda");
    int64_t bi = 0, bj = 0;
    if (non_finite(dtype, a, m, n, lda, layout, 0, bi, bj))
        invalid_argument(fn, "a", "contains a NaN or infinity at (" + std::to_string(bi) + ", " + std::to_string(bj) + ")");
}

void finish_single(const char* fn, int32_t info) {
    if (info > 0)
        fail(SPECTRAL_STATUS_NOT_CONVERGED,
             std::string(fn) + ": the solver did not converge (info = " + std::to_string(info) + ")");
    if (info < 0) fail(SPECTRAL_STATUS_BACKEND_ERROR, std::string(fn) + ": the backend rejected the matrix (info = " + std::to_string(info) + ")");
}

spectral_status syev_batched_impl(const char* fn, spectral_context* context, spectral_dtype dtype,
                                  spectral_layout layout, spectral_uplo uplo, spectral_job job, int64_t count,
                                  const int64_t* n, const int64_t* il, const int64_t* iu, bool ranged,
                                  const void* a, int64_t a_len, const int64_t* a_offsets, void* w, int64_t w_len,
                                  const int64_t* w_offsets, void* v, int64_t v_len, const int64_t* v_offsets,
                                  int32_t* info) {
    check_common(fn, context, dtype, layout);
    check_uplo(fn, uplo);
    check_job(fn, job);
    if (count < 0) invalid_argument(fn, "count", "is negative (" + std::to_string(count) + ")");
    if (count == 0) return SPECTRAL_STATUS_OK;
    if (n == nullptr) invalid_argument(fn, "n", "is NULL");
    if (ranged && il == nullptr) invalid_argument(fn, "il", "is NULL");
    if (ranged && iu == nullptr) invalid_argument(fn, "iu", "is NULL");
    if (info == nullptr) invalid_argument(fn, "info", "is NULL");
    bool vectors = job == SPECTRAL_JOB_VECTORS;
    Buffer ab{"a", "a_offsets", a, a_len, a_offsets};
    Buffer wb{"w", "w_offsets", w, w_len, w_offsets};
    Buffer vb{"v", "v_offsets", v, v_len, v_offsets};
    check_buffer_header(fn, ab, count, true);
    check_buffer_header(fn, wb, count, true);
    check_buffer_header(fn, vb, count, vectors);

    EigRequest request;
    request.dtype = dtype;
    request.layout = layout;
    request.uplo = uplo;
    request.vectors = vectors;
    request.range = ranged;
    request.tasks.reserve(static_cast<size_t>(count));
    std::vector<Range> outputs, inputs;
    std::vector<std::pair<int64_t, const void*>> inputs_to_scan;
    for (int64_t i = 0; i < count; ++i) {
        int64_t ni = n[i];
        if (ni < 0) invalid_argument(fn, at("n", i), "is negative (" + std::to_string(ni) + ")");
        int64_t lo = 0, hi = ni - 1;
        if (ranged) {
            lo = il[i];
            hi = iu[i];
            bool empty = lo == 0 && hi == -1;
            if (!empty && (lo < 0 || hi < lo || hi >= ni))
                invalid_argument(fn, at("il", i) + ".." + at("iu", i),
                                 "= " + std::to_string(lo) + ".." + std::to_string(hi) +
                                     " is not a range inside 0.." + std::to_string(ni - 1));
        }
        int64_t k = hi - lo + 1;
        EigTask task;
        task.n = ni;
        task.lda = std::max<int64_t>(1, ni);
        task.il = lo;
        task.iu = hi;
        task.a = locate(fn, ab, i, checked_mul(ni, ni, fn, at("n", i)), dtype, &inputs);
        task.w = const_cast<void*>(locate(fn, wb, i, k, dtype, &outputs));
        if (vectors) {
            task.v = const_cast<void*>(locate(fn, vb, i, checked_mul(ni, k, fn, at("n", i)), dtype, &outputs));
            task.ldv = layout == SPECTRAL_LAYOUT_ROW_MAJOR ? std::max<int64_t>(1, k) : std::max<int64_t>(1, ni);
        }
        task.info = &info[i];
        request.tasks.push_back(task);
    }
    check_no_overlap(fn, outputs, inputs);

    // Non-finite matrices are rejected individually (info = -1) so that one bad matrix does not fail the batch.
    std::vector<EigTask> runnable;
    runnable.reserve(request.tasks.size());
    for (auto& task : request.tasks) {
        int64_t bi = 0, bj = 0;
        if (non_finite(dtype, task.a, task.n, task.n, task.lda, layout, uplo_triangle(uplo), bi, bj)) {
            *task.info = -1;
            continue;
        }
        *task.info = 0;
        if (task.iu >= task.il) runnable.push_back(task);
    }
    request.tasks = std::move(runnable);
    if (!request.tasks.empty()) context->backend->syev(request);
    return SPECTRAL_STATUS_OK;
}

}  // namespace
}  // namespace spectral

using namespace spectral;

extern "C" {

SPECTRAL_API spectral_status spectral_syev_batched(spectral_context* context, spectral_dtype dtype,
                                                   spectral_layout layout, spectral_uplo uplo, spectral_job job,
                                                   int64_t count, const int64_t* n, const void* a, int64_t a_len,
                                                   const int64_t* a_offsets, void* w, int64_t w_len,
                                                   const int64_t* w_offsets, void* v, int64_t v_len,
                                                   const int64_t* v_offsets, int32_t* info) {
    const char* fn = "spectral_syev_batched";
    return guarded(fn, [&] {
        return syev_batched_impl(fn, context, dtype, layout, uplo, job, count, n, nullptr, nullptr, false, a, a_len,
                                 a_offsets, w, w_len, w_offsets, v, v_len, v_offsets, info);
    });
}

SPECTRAL_API spectral_status spectral_syev_range_batched(spectral_context* context, spectral_dtype dtype,
                                                         spectral_layout layout, spectral_uplo uplo, spectral_job job,
                                                         int64_t count, const int64_t* n, const int64_t* il,
                                                         const int64_t* iu, const void* a, int64_t a_len,
                                                         const int64_t* a_offsets, void* w, int64_t w_len,
                                                         const int64_t* w_offsets, void* v, int64_t v_len,
                                                         const int64_t* v_offsets, int32_t* info) {
    const char* fn = "spectral_syev_range_batched";
    return guarded(fn, [&] {
        return syev_batched_impl(fn, context, dtype, layout, uplo, job, count, n, il, iu, true, a, a_len, a_offsets,
                                 w, w_len, w_offsets, v, v_len, v_offsets, info);
    });
}

SPECTRAL_API spectral_status spectral_gesvd_batched(spectral_context* context, spectral_dtype dtype,
                                                    spectral_layout layout, spectral_job job, int64_t count,
                                                    const int64_t* m, const int64_t* n, const void* a, int64_t a_len,
                                                    const int64_t* a_offsets, void* s, int64_t s_len,
                                                    const int64_t* s_offsets, void* u, int64_t u_len,
                                                    const int64_t* u_offsets, void* vt, int64_t vt_len,
                                                    const int64_t* vt_offsets, int32_t* info) {
    const char* fn = "spectral_gesvd_batched";
    return guarded(fn, [&]() -> spectral_status {
        check_common(fn, context, dtype, layout);
        check_job(fn, job);
        if (count < 0) invalid_argument(fn, "count", "is negative (" + std::to_string(count) + ")");
        if (count == 0) return SPECTRAL_STATUS_OK;
        if (m == nullptr) invalid_argument(fn, "m", "is NULL");
        if (n == nullptr) invalid_argument(fn, "n", "is NULL");
        if (info == nullptr) invalid_argument(fn, "info", "is NULL");
        bool vectors = job == SPECTRAL_JOB_VECTORS;
        Buffer ab{"a", "a_offsets", a, a_len, a_offsets};
        Buffer sb{"s", "s_offsets", s, s_len, s_offsets};
        Buffer ub{"u", "u_offsets", u, u_len, u_offsets};
        Buffer vb{"vt", "vt_offsets", vt, vt_len, vt_offsets};
        check_buffer_header(fn, ab, count, true);
        check_buffer_header(fn, sb, count, true);
        check_buffer_header(fn, ub, count, vectors);
        check_buffer_header(fn, vb, count, vectors);
        SvdRequest request;
        request.dtype = dtype;
        request.layout = layout;
        request.vectors = vectors;
        std::vector<Range> outputs, inputs;
        for (int64_t i = 0; i < count; ++i) {
            int64_t mi = m[i], ni = n[i];
            if (mi < 0) invalid_argument(fn, at("m", i), "is negative (" + std::to_string(mi) + ")");
            if (ni < 0) invalid_argument(fn, at("n", i), "is negative (" + std::to_string(ni) + ")");
            int64_t k = std::min(mi, ni);
            SvdTask task;
            task.m = mi;
            task.n = ni;
            bool row = layout == SPECTRAL_LAYOUT_ROW_MAJOR;
            task.lda = std::max<int64_t>(1, row ? ni : mi);
            task.a = locate(fn, ab, i, checked_mul(mi, ni, fn, at("m", i) + "*" + at("n", i)), dtype, &inputs);
            task.s = const_cast<void*>(locate(fn, sb, i, k, dtype, &outputs));
            if (vectors) {
                task.u = const_cast<void*>(locate(fn, ub, i, checked_mul(mi, k, fn, at("m", i)), dtype, &outputs));
                task.vt = const_cast<void*>(locate(fn, vb, i, checked_mul(k, ni, fn, at("n", i)), dtype, &outputs));
                task.ldu = std::max<int64_t>(1, row ? k : mi);
                task.ldvt = std::max<int64_t>(1, row ? ni : k);
            }
            task.info = &info[i];
            request.tasks.push_back(task);
        }
        check_no_overlap(fn, outputs, inputs);
        std::vector<SvdTask> runnable;
        for (auto& task : request.tasks) {
            int64_t bi = 0, bj = 0;
            if (non_finite(dtype, task.a, task.m, task.n, task.lda, layout, 0, bi, bj)) {
                *task.info = -1;
                continue;
            }
            *task.info = 0;
            if (std::min(task.m, task.n) > 0) runnable.push_back(task);
        }
        request.tasks = std::move(runnable);
        if (!request.tasks.empty()) context->backend->gesvd(request);
        return SPECTRAL_STATUS_OK;
    });
}

SPECTRAL_API spectral_status spectral_syev(spectral_context* context, spectral_dtype dtype, spectral_layout layout,
                                           spectral_uplo uplo, spectral_job job, int64_t n, const void* a,
                                           int64_t lda, void* w, void* v, int64_t ldv) {
    const char* fn = "spectral_syev";
    return guarded(fn, [&]() -> spectral_status {
        check_common(fn, context, dtype, layout);
        check_uplo(fn, uplo);
        check_job(fn, job);
        if (n < 0) invalid_argument(fn, "n", "is negative (" + std::to_string(n) + ")");
        if (lda < std::max<int64_t>(1, n)) invalid_argument(fn, "lda", "= " + std::to_string(lda) + " is less than max(1, n) = " + std::to_string(std::max<int64_t>(1, n)));
        bool vectors = job == SPECTRAL_JOB_VECTORS;
        if (vectors && ldv < std::max<int64_t>(1, n)) invalid_argument(fn, "ldv", "= " + std::to_string(ldv) + " is less than max(1, n)");
        if (n == 0) return SPECTRAL_STATUS_OK;
        if (a == nullptr) invalid_argument(fn, "a", "is NULL");
        if (w == nullptr) invalid_argument(fn, "w", "is NULL");
        if (vectors && v == nullptr) invalid_argument(fn, "v", "is NULL but job asks for vectors");
        if (!vectors && v != nullptr) invalid_argument(fn, "v", "must be NULL when job is values-only");
        if (vectors) check_extent(fn, "ldv", n, ldv, n, dtype);
        checked_mul(checked_add(checked_mul(n - 1, lda, fn, "lda"), n, fn, "lda"), element_size(dtype), fn, "lda");
        int64_t bi = 0, bj = 0;
        if (non_finite(dtype, a, n, n, lda, layout, uplo_triangle(uplo), bi, bj))
            invalid_argument(fn, "a", "contains a NaN or infinity at (" + std::to_string(bi) + ", " + std::to_string(bj) + ")");
        int32_t info = 0;
        EigRequest request;
        request.dtype = dtype;
        request.layout = layout;
        request.uplo = uplo;
        request.vectors = vectors;
        EigTask task;
        task.n = n;
        task.a = a;
        task.lda = lda;
        task.il = 0;
        task.iu = n - 1;
        task.w = w;
        task.v = v;
        task.ldv = vectors ? ldv : 1;
        task.info = &info;
        request.tasks.push_back(task);
        context->backend->syev(request);
        finish_single(fn, info);
        return SPECTRAL_STATUS_OK;
    });
}

SPECTRAL_API spectral_status spectral_gesvd(spectral_context* context, spectral_dtype dtype, spectral_layout layout,
                                            spectral_job job, int64_t m, int64_t n, const void* a, int64_t lda,
                                            void* s, void* u, int64_t ldu, void* vt, int64_t ldvt) {
    const char* fn = "spectral_gesvd";
    return guarded(fn, [&]() -> spectral_status {
        check_common(fn, context, dtype, layout);
        check_job(fn, job);
        if (m < 0) invalid_argument(fn, "m", "is negative (" + std::to_string(m) + ")");
        if (n < 0) invalid_argument(fn, "n", "is negative (" + std::to_string(n) + ")");
        bool row = layout == SPECTRAL_LAYOUT_ROW_MAJOR;
        int64_t k = std::min(m, n);
        bool vectors = job == SPECTRAL_JOB_VECTORS;
        int64_t need_lda = std::max<int64_t>(1, row ? n : m);
        if (lda < need_lda) invalid_argument(fn, "lda", "= " + std::to_string(lda) + " is less than " + std::to_string(need_lda));
        if (vectors) {
            int64_t need_ldu = std::max<int64_t>(1, row ? k : m), need_ldvt = std::max<int64_t>(1, row ? n : k);
            if (ldu < need_ldu) invalid_argument(fn, "ldu", "= " + std::to_string(ldu) + " is less than " + std::to_string(need_ldu));
            if (ldvt < need_ldvt) invalid_argument(fn, "ldvt", "= " + std::to_string(ldvt) + " is less than " + std::to_string(need_ldvt));
        } else if (u != nullptr || vt != nullptr) {
            invalid_argument(fn, u != nullptr ? "u" : "vt", "must be NULL when job is values-only");
        }
        if (k == 0) return SPECTRAL_STATUS_OK;
        if (a == nullptr) invalid_argument(fn, "a", "is NULL");
        if (s == nullptr) invalid_argument(fn, "s", "is NULL");
        if (vectors && u == nullptr) invalid_argument(fn, "u", "is NULL but job asks for vectors");
        if (vectors && vt == nullptr) invalid_argument(fn, "vt", "is NULL but job asks for vectors");
        if (vectors) {
            check_extent(fn, "ldu", row ? m : k, ldu, row ? k : m, dtype);
            check_extent(fn, "ldvt", row ? k : n, ldvt, row ? n : k, dtype);
        }
        check_general_input(fn, dtype, layout, m, n, a, lda);
        int32_t info = 0;
        SvdRequest request;
        request.dtype = dtype;
        request.layout = layout;
        request.vectors = vectors;
        SvdTask task;
        task.m = m;
        task.n = n;
        task.a = a;
        task.lda = lda;
        task.s = s;
        task.u = u;
        task.ldu = vectors ? ldu : 1;
        task.vt = vt;
        task.ldvt = vectors ? ldvt : 1;
        task.info = &info;
        request.tasks.push_back(task);
        context->backend->gesvd(request);
        finish_single(fn, info);
        return SPECTRAL_STATUS_OK;
    });
}

SPECTRAL_API spectral_status spectral_gram_eigenvalues(spectral_context* context, spectral_dtype dtype,
                                                       spectral_layout layout, int64_t m, int64_t n, const void* a,
                                                       int64_t lda, double* w) {
    const char* fn = "spectral_gram_eigenvalues";
    return guarded(fn, [&]() -> spectral_status {
        check_common(fn, context, dtype, layout);
        if (m < 0) invalid_argument(fn, "m", "is negative (" + std::to_string(m) + ")");
        if (n < 0) invalid_argument(fn, "n", "is negative (" + std::to_string(n) + ")");
        bool row = layout == SPECTRAL_LAYOUT_ROW_MAJOR;
        int64_t need_lda = std::max<int64_t>(1, row ? n : m);
        if (lda < need_lda) invalid_argument(fn, "lda", "= " + std::to_string(lda) + " is less than " + std::to_string(need_lda));
        if (std::min(m, n) == 0) return SPECTRAL_STATUS_OK;
        if (a == nullptr) invalid_argument(fn, "a", "is NULL");
        if (w == nullptr) invalid_argument(fn, "w", "is NULL");
        check_general_input(fn, dtype, layout, m, n, a, lda);
        // The float64 working copy of A (m x n) must be addressable too.
        checked_mul(checked_mul(m, n, fn, "m * n"), 8, fn, "m * n");
        int32_t info = 0;
        GramRequest request;
        request.dtype = dtype;
        request.layout = layout;
        request.m = m;
        request.n = n;
        request.a = a;
        request.lda = lda;
        request.w = w;
        request.info = &info;
        context->backend->gram_eigenvalues(request);
        finish_single(fn, info);
        return SPECTRAL_STATUS_OK;
    });
}

SPECTRAL_API spectral_status spectral_gesvdr(spectral_context* context, spectral_dtype dtype, spectral_layout layout,
                                             int64_t m, int64_t n, int64_t k, int64_t oversample,
                                             int64_t power_iterations, uint64_t seed, const void* a, int64_t lda,
                                             void* s, void* u, int64_t ldu, void* vt, int64_t ldvt) {
    const char* fn = "spectral_gesvdr";
    return guarded(fn, [&]() -> spectral_status {
        check_common(fn, context, dtype, layout);
        if (m < 1) invalid_argument(fn, "m", "must be >= 1 (is " + std::to_string(m) + ")");
        if (n < 1) invalid_argument(fn, "n", "must be >= 1 (is " + std::to_string(n) + ")");
        if (k < 1) invalid_argument(fn, "k", "must be >= 1 (is " + std::to_string(k) + ")");
        if (oversample < 0) invalid_argument(fn, "oversample", "is negative (" + std::to_string(oversample) + ")");
        if (power_iterations < 0 || power_iterations > 1000)
            invalid_argument(fn, "power_iterations", "must be in 0..1000 (is " + std::to_string(power_iterations) + ")");
        if (checked_add(k, oversample, fn, "k + oversample") > std::min(m, n))
            invalid_argument(fn, "k + oversample", "= " + std::to_string(k + oversample) + " exceeds min(m, n) = " + std::to_string(std::min(m, n)));
        bool row = layout == SPECTRAL_LAYOUT_ROW_MAJOR;
        int64_t need_lda = row ? n : m;
        if (lda < need_lda) invalid_argument(fn, "lda", "= " + std::to_string(lda) + " is less than " + std::to_string(need_lda));
        if (a == nullptr) invalid_argument(fn, "a", "is NULL");
        if (s == nullptr) invalid_argument(fn, "s", "is NULL");
        if (u != nullptr && ldu < (row ? k : m)) invalid_argument(fn, "ldu", "= " + std::to_string(ldu) + " is too small");
        if (vt != nullptr && ldvt < (row ? n : k)) invalid_argument(fn, "ldvt", "= " + std::to_string(ldvt) + " is too small");
        if (u != nullptr) check_extent(fn, "ldu", row ? m : k, ldu, row ? k : m, dtype);
        if (vt != nullptr) check_extent(fn, "ldvt", row ? k : n, ldvt, row ? n : k, dtype);
        check_general_input(fn, dtype, layout, m, n, a, lda);
        RsvdRequest request;
        request.dtype = dtype;
        request.layout = layout;
        request.m = m;
        request.n = n;
        request.k = k;
        request.oversample = oversample;
        request.power_iterations = power_iterations;
        request.seed = seed;
        request.a = a;
        request.lda = lda;
        request.s = s;
        request.u = u;
        request.ldu = ldu;
        request.vt = vt;
        request.ldvt = ldvt;
        context->backend->gesvdr(request);
        return SPECTRAL_STATUS_OK;
    });
}

}  // extern "C"
