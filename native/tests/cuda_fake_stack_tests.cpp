// The whole CUDA backend (probe -> context -> lanes -> staging -> pipeline -> dispatch -> unpacking) run against
// host-memory stand-ins for libcudart/libcublas/libcusolver (cuda_fakes/). The fake solver is exact for diagonal
// matrices, so every layout, leading dimension, triangle, precision, batch bucket, chunk, index range, scaling and
// per-matrix info path is checked with exact expected values — under ASan/valgrind in CI — without a GPU.
// What this cannot check is cuSOLVER itself; native/tests/cuda_smoke does that on a GPU host.
#include "../src/core/error.h"
#include "../src/cuda/cuda_context.h"
#include "../src/cuda/cuda_ops.h"
#include "../src/cuda/cuda_probe.h"
#include "test_harness.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <random>
#include <string>
#include <vector>

using namespace spectral;
using namespace spectral::cuda;

namespace {

std::unique_ptr<CudaProbe> fake_stack(bool with_syev_batched, const char* runtime_version) {
    setenv("SPECTRAL_FAKE_CUDA_MODE", "ok", 1);
    setenv("SPECTRAL_FAKE_CUDA_DRIVER_VERSION", "12080", 1);
    setenv("SPECTRAL_FAKE_CUDART_VERSION", runtime_version, 1);
    ProbeConfig config;
    config.driver = SPECTRAL_FAKE_CUDA_DRIVER;
    config.runtimes = {SPECTRAL_FAKE_CUDART_FULL};
    config.solver_override = with_syev_batched ? SPECTRAL_FAKE_CUSOLVER_BATCHED : SPECTRAL_FAKE_CUSOLVER;
    config.blas_override = SPECTRAL_FAKE_CUBLAS;
    auto probe = run_probe(config);
    unsetenv("SPECTRAL_FAKE_CUDA_MODE");
    unsetenv("SPECTRAL_FAKE_CUDA_DRIVER_VERSION");
    unsetenv("SPECTRAL_FAKE_CUDART_VERSION");
    return probe;
}

/** A value buffer of either precision. */
struct Buffer {
    spectral_dtype dtype;
    std::vector<float> f;
    std::vector<double> d;
    Buffer(spectral_dtype t, size_t count, double fill = 0) : dtype(t), f(t == SPECTRAL_DTYPE_FLOAT32 ? count : 0, static_cast<float>(fill)), d(t == SPECTRAL_DTYPE_FLOAT64 ? count : 0, fill) {}
    void* data() { return dtype == SPECTRAL_DTYPE_FLOAT32 ? static_cast<void*>(f.data()) : static_cast<void*>(d.data()); }
    double get(size_t i) const { return dtype == SPECTRAL_DTYPE_FLOAT32 ? static_cast<double>(f[i]) : d[i]; }
    void set(size_t i, double x) {
        if (dtype == SPECTRAL_DTYPE_FLOAT32) f[i] = static_cast<float>(x);
        else d[i] = x;
    }
};

size_t at(spectral_layout layout, int64_t ld, int64_t i, int64_t j) {
    return static_cast<size_t>(layout == SPECTRAL_LAYOUT_ROW_MAJOR ? i * ld + j : i + j * ld);
}

/** Distinct diagonal values in a scrambled order (so the sort is a real permutation), times `scale`. */
std::vector<double> diagonal(int64_t n, std::mt19937_64& rng, double scale, bool signs) {
    std::vector<double> d(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) d[static_cast<size_t>(i)] = scale * (1.0 + static_cast<double>(i)) * (signs && i % 3 == 1 ? -1.0 : 1.0);
    std::shuffle(d.begin(), d.end(), rng);
    return d;
}

struct EigCase {
    int64_t n, il, iu;
    std::vector<double> d;
    Buffer a, w, v;
    int32_t info = -99;
    bool off_diagonal_garbage;  // a non-zero in the referenced triangle: the fake reports "not converged"
};

void run_eigen_cases(CudaContext& context, spectral_dtype dtype, spectral_layout layout, spectral_uplo uplo, bool vectors,
                     const std::vector<int64_t>& sizes, bool ranged, double scale, const std::string& label) {
    std::mt19937_64 rng(static_cast<uint64_t>(sizes.size() * 131 + (ranged ? 7 : 0)));
    std::vector<EigCase> cases;
    cases.reserve(sizes.size());
    for (size_t c = 0; c < sizes.size(); ++c) {
        int64_t n = sizes[c];
        int64_t il = ranged ? n / 3 : 0, iu = ranged ? std::max(il, n - 2) : n - 1;
        if (iu >= n) iu = n - 1;
        int64_t k = iu - il + 1;
        int64_t ld = n + (c % 2 == 0 ? 0 : 3);  // padded leading dimension on odd cases (single-call style)
        EigCase e{n, il, iu, diagonal(n, rng, scale, true), Buffer(dtype, static_cast<size_t>(n * ld)), Buffer(dtype, static_cast<size_t>(k), -1),
                  Buffer(dtype, static_cast<size_t>(vectors ? n * std::max<int64_t>(ld, k) : 0), -1), -99, c == 2 && n > 1};
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < n; ++j) {
                bool referenced = uplo == SPECTRAL_UPLO_LOWER ? i >= j : i <= j;
                double x = i == j ? e.d[static_cast<size_t>(i)] : (referenced ? 0.0 : 999.0);  // garbage where it must not be read
                if (e.off_diagonal_garbage && referenced && i != j) x = 1.0;
                e.a.set(at(layout, ld, i, j), x);
            }
        cases.push_back(std::move(e));
    }
    EigRequest request;
    request.dtype = dtype;
    request.layout = layout;
    request.uplo = uplo;
    request.vectors = vectors;
    request.range = ranged;
    for (size_t c = 0; c < cases.size(); ++c) {
        auto& e = cases[c];
        EigTask task;
        task.n = e.n;
        task.a = e.a.data();
        task.lda = e.n + (c % 2 == 0 ? 0 : 3);
        task.il = e.il;
        task.iu = e.iu;
        task.w = e.w.data();
        task.v = vectors ? e.v.data() : nullptr;
        int64_t k = e.iu - e.il + 1;
        task.ldv = layout == SPECTRAL_LAYOUT_ROW_MAJOR ? std::max<int64_t>(k, 1) : e.n;
        task.info = &e.info;
        request.tasks.push_back(task);
    }
    try {
        run_syev(context, request);
    } catch (const Error& error) {
        std::printf("  %s: threw %s\n", label.c_str(), error.what());
        CHECK(!"run_syev threw");
        return;
    }
    for (size_t c = 0; c < cases.size(); ++c) {
        auto& e = cases[c];
        std::string where = label + " case " + std::to_string(c) + " n=" + std::to_string(e.n);
        if (e.off_diagonal_garbage) {
            if (e.info != static_cast<int32_t>(e.n) + 7) std::printf("  %s: info %d, expected %lld\n", where.c_str(), e.info, static_cast<long long>(e.n + 7));
            CHECK_EQ(e.info, static_cast<int32_t>(e.n) + 7);
            continue;
        }
        if (e.info != 0) std::printf("  %s: info %d\n", where.c_str(), e.info);
        CHECK_EQ(e.info, 0);
        std::vector<int64_t> order(static_cast<size_t>(e.n));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) { return e.d[static_cast<size_t>(x)] < e.d[static_cast<size_t>(y)]; });
        int64_t k = e.iu - e.il + 1;
        bool ok = true;
        for (int64_t j = 0; j < k; ++j) {
            double expected = e.d[static_cast<size_t>(order[static_cast<size_t>(e.il + j)])];
            double tol = std::fabs(expected) * (dtype == SPECTRAL_DTYPE_FLOAT32 ? 1e-6 : 1e-15);
            ok &= std::fabs(e.w.get(static_cast<size_t>(j)) - expected) <= tol;
        }
        if (vectors) {
            int64_t ldv = layout == SPECTRAL_LAYOUT_ROW_MAJOR ? std::max<int64_t>(k, 1) : e.n;
            for (int64_t j = 0; j < k; ++j)
                for (int64_t i = 0; i < e.n; ++i)
                    ok &= e.v.get(at(layout, ldv, i, j)) == (i == order[static_cast<size_t>(e.il + j)] ? 1.0 : 0.0);
        }
        if (!ok) std::printf("  %s: wrong values or vectors\n", where.c_str());
        CHECK(ok);
    }
}

struct SvdCase {
    int64_t m, n;
    std::vector<double> d;
    Buffer a, s, u, vt;
    int32_t info = -99;
};

void run_svd_cases(CudaContext& context, spectral_dtype dtype, spectral_layout layout, bool vectors,
                   const std::vector<std::pair<int64_t, int64_t>>& shapes, double scale, const std::string& label) {
    std::mt19937_64 rng(static_cast<uint64_t>(shapes.size() * 977));
    std::vector<SvdCase> cases;
    cases.reserve(shapes.size());
    bool row = layout == SPECTRAL_LAYOUT_ROW_MAJOR;
    for (auto [m, n] : shapes) {
        int64_t k = std::min(m, n);
        SvdCase c{m, n, diagonal(k, rng, scale, true), Buffer(dtype, static_cast<size_t>(m * n)), Buffer(dtype, static_cast<size_t>(k), -1),
                  Buffer(dtype, static_cast<size_t>(vectors ? m * k : 0), 7), Buffer(dtype, static_cast<size_t>(vectors ? k * n : 0), 7)};
        for (int64_t i = 0; i < k; ++i) c.a.set(at(layout, row ? n : m, i, i), c.d[static_cast<size_t>(i)]);
        cases.push_back(std::move(c));
    }
    SvdRequest request;
    request.dtype = dtype;
    request.layout = layout;
    request.vectors = vectors;
    for (auto& c : cases) {
        SvdTask task;
        task.m = c.m;
        task.n = c.n;
        task.a = c.a.data();
        task.lda = row ? c.n : c.m;
        task.s = c.s.data();
        int64_t k = std::min(c.m, c.n);
        if (vectors) {
            task.u = c.u.data();
            task.vt = c.vt.data();
            task.ldu = row ? k : c.m;
            task.ldvt = row ? c.n : k;
        }
        task.info = &c.info;
        request.tasks.push_back(task);
    }
    try {
        run_gesvd(context, request);
    } catch (const Error& error) {
        std::printf("  %s: threw %s\n", label.c_str(), error.what());
        CHECK(!"run_gesvd threw");
        return;
    }
    for (size_t ci = 0; ci < cases.size(); ++ci) {
        auto& c = cases[ci];
        int64_t k = std::min(c.m, c.n);
        CHECK_EQ(c.info, 0);
        std::vector<double> sorted(c.d.size());
        std::transform(c.d.begin(), c.d.end(), sorted.begin(), [](double x) { return std::fabs(x); });
        std::sort(sorted.begin(), sorted.end(), std::greater<double>());
        bool ok = true;
        for (int64_t j = 0; j < k; ++j) ok &= std::fabs(c.s.get(static_cast<size_t>(j)) - sorted[static_cast<size_t>(j)]) <= sorted[static_cast<size_t>(j)] * 1e-6;
        if (vectors) {
            // Exact reconstruction A = U diag(s) VT (all factors are signed permutations).
            int64_t ldu = row ? k : c.m, ldvt = row ? c.n : k, lda = row ? c.n : c.m;
            for (int64_t i = 0; i < c.m; ++i)
                for (int64_t j = 0; j < c.n; ++j) {
                    double x = 0;
                    for (int64_t l = 0; l < k; ++l) x += c.u.get(at(layout, ldu, i, l)) * c.s.get(static_cast<size_t>(l)) * c.vt.get(at(layout, ldvt, l, j));
                    double expected = c.a.get(at(layout, lda, i, j));
                    ok &= std::fabs(x - expected) <= std::fabs(expected) * 1e-6 + 0.0;
                }
        }
        if (!ok) std::printf("  %s case %zu (%lldx%lld): wrong\n", label.c_str(), ci, static_cast<long long>(c.m), static_cast<long long>(c.n));
        CHECK(ok);
    }
}

}  // namespace

TEST_CASE(cuda_fake_stack_probe_reports_versions_and_routines) {
    auto with = fake_stack(true, "12040");
    CHECK_EQ(with->info.available, 1);
    CHECK_EQ(std::string(with->info.reason), std::string(""));
    CHECK_EQ(std::string(with->info.version), std::string("CUDA runtime 12.4, driver 12.8, cuSOLVER 11.6.1, cuBLAS 12.4.5"));
    CHECK_CONTAINS(with->info.details, "device 0: Fake GPU, compute capability 8.0, 16.0 GiB");
    CHECK_CONTAINS(with->info.details, "cusolverDnXsyevBatched: present");
    CHECK(with->api.solver.has_syev_batched());
    auto without = fake_stack(false, "11080");
    CHECK_EQ(without->info.available, 1);
    CHECK_CONTAINS(without->info.details, "cusolverDnXsyevBatched: absent");
    CHECK_CONTAINS(without->info.details, "float32 syevd/syevdx run in float64");
    // The runtime can veto: a too-old driver reported by cudaGetDeviceCount.
    setenv("SPECTRAL_FAKE_CUDART_COUNT_ERROR", "35", 1);
    auto vetoed = fake_stack(false, "12040");
    unsetenv("SPECTRAL_FAKE_CUDART_COUNT_ERROR");
    CHECK_EQ(vetoed->info.available, 0);
    CHECK_CONTAINS(vetoed->info.reason, "cuda: driver too old: cudaGetDeviceCount reports cudaErrorInsufficientDriver (35)");
}

TEST_CASE(cuda_fake_stack_context_rejects_bad_ordinal_and_cleans_up) {
    auto probe = fake_stack(false, "12040");
    bool thrown = false;
    try {
        CudaContext context(probe->api, 3, 4);
    } catch (const Error& e) {
        thrown = true;
        CHECK_EQ(e.status(), SPECTRAL_STATUS_INVALID_ARGUMENT);
        CHECK_CONTAINS(e.what(), "device_ordinal = 3");
    }
    CHECK(thrown);
    for (int i = 0; i < 3; ++i) CudaContext context(probe->api, 0, 4);
}

TEST_CASE(cuda_fake_stack_eigen_every_route) {
    for (bool batched_routine : {false, true}) {
        for (const char* runtime : {"12040", "11080"}) {  // 11.x: float32 syevd promoted to float64
            auto probe = fake_stack(batched_routine, runtime);
            CudaContext context(probe->api, 0, 4);
            for (spectral_dtype dtype : {SPECTRAL_DTYPE_FLOAT64, SPECTRAL_DTYPE_FLOAT32})
                for (spectral_layout layout : {SPECTRAL_LAYOUT_ROW_MAJOR, SPECTRAL_LAYOUT_COL_MAJOR})
                    for (spectral_uplo uplo : {SPECTRAL_UPLO_LOWER, SPECTRAL_UPLO_UPPER})
                        for (bool vectors : {true, false}) {
                            std::string label = std::string(batched_routine ? "XsyevBatched" : "syevj") + " rt" + runtime +
                                                (dtype == SPECTRAL_DTYPE_FLOAT32 ? " f32" : " f64") + (layout ? " col" : " row") +
                                                (uplo ? " upper" : " lower") + (vectors ? " vectors" : " values");
                            // Same sizes repeated -> batched buckets (incl. the 32/33 limits); 600 -> XsyevBatched cut-off.
                            std::vector<int64_t> sizes = {1, 3, 8, 8, 8, 8, 32, 32, 33, 33, 5, 1};
                            run_eigen_cases(context, dtype, layout, uplo, vectors, sizes, false, 1.0, label);
                            run_eigen_cases(context, dtype, layout, uplo, vectors, {40, 7, 12}, true, 1.0, label + " range");
                        }
            // Many small matrices: several chunks across the lanes.
            run_eigen_cases(context, SPECTRAL_DTYPE_FLOAT64, SPECTRAL_LAYOUT_ROW_MAJOR, SPECTRAL_UPLO_LOWER, true,
                            std::vector<int64_t>(3000, 32), false, 1.0, "3000 x 32");
            run_eigen_cases(context, SPECTRAL_DTYPE_FLOAT64, SPECTRAL_LAYOUT_COL_MAJOR, SPECTRAL_UPLO_UPPER, true, {600, 600}, false, 1.0, "2 x 600");
            // Badly scaled input is scaled and unscaled exactly.
            run_eigen_cases(context, SPECTRAL_DTYPE_FLOAT64, SPECTRAL_LAYOUT_ROW_MAJOR, SPECTRAL_UPLO_LOWER, true, {5, 5, 9}, false, 1e200, "1e200");
            run_eigen_cases(context, SPECTRAL_DTYPE_FLOAT32, SPECTRAL_LAYOUT_ROW_MAJOR, SPECTRAL_UPLO_UPPER, true, {5, 9}, false, 1e-30, "1e-30 f32");
        }
    }
}

TEST_CASE(cuda_fake_stack_svd_every_route) {
    auto probe = fake_stack(false, "12040");
    CudaContext context(probe->api, 0, 4);
    std::vector<std::pair<int64_t, int64_t>> shapes = {{1, 1}, {5, 3}, {3, 5}, {12, 7}, {12, 7}, {12, 7}, {7, 12}, {7, 12}, {40, 12}, {12, 40}, {32, 32}, {32, 32}, {33, 2}};
    for (spectral_dtype dtype : {SPECTRAL_DTYPE_FLOAT64, SPECTRAL_DTYPE_FLOAT32})
        for (spectral_layout layout : {SPECTRAL_LAYOUT_ROW_MAJOR, SPECTRAL_LAYOUT_COL_MAJOR})
            for (bool vectors : {true, false}) {
                std::string label = std::string("gesvd") + (dtype == SPECTRAL_DTYPE_FLOAT32 ? " f32" : " f64") + (layout ? " col" : " row") + (vectors ? " vectors" : " values");
                run_svd_cases(context, dtype, layout, vectors, shapes, 1.0, label);
            }
    run_svd_cases(context, SPECTRAL_DTYPE_FLOAT64, SPECTRAL_LAYOUT_ROW_MAJOR, true, std::vector<std::pair<int64_t, int64_t>>(2000, {9, 4}), 1.0, "2000 x 9x4");
    run_svd_cases(context, SPECTRAL_DTYPE_FLOAT64, SPECTRAL_LAYOUT_COL_MAJOR, true, {{50, 20}, {20, 50}}, 1e-200, "1e-200");
}

TEST_CASE(cuda_fake_stack_randomized_svd) {
    auto probe = fake_stack(false, "12040");
    CudaContext context(probe->api, 0, 4);
    for (spectral_layout layout : {SPECTRAL_LAYOUT_ROW_MAJOR, SPECTRAL_LAYOUT_COL_MAJOR})
        for (auto [m, n] : std::vector<std::pair<int64_t, int64_t>>{{30, 20}, {20, 30}}) {
            bool row = layout == SPECTRAL_LAYOUT_ROW_MAJOR;
            int64_t k = 4, kk = std::min(m, n);
            std::vector<double> a(static_cast<size_t>(m * n), 0.0), s(static_cast<size_t>(k)), u(static_cast<size_t>(m * k)), vt(static_cast<size_t>(k * n));
            for (int64_t i = 0; i < kk; ++i) a[at(layout, row ? n : m, i, i)] = (i % 2 ? -1.0 : 1.0) * static_cast<double>((i * 7) % kk + 1);
            RsvdRequest request;
            request.dtype = SPECTRAL_DTYPE_FLOAT64;
            request.layout = layout;
            request.m = m;
            request.n = n;
            request.k = k;
            request.oversample = 5;
            request.power_iterations = 2;
            request.a = a.data();
            request.lda = row ? n : m;
            request.s = s.data();
            request.u = u.data();
            request.ldu = row ? k : m;
            request.vt = vt.data();
            request.ldvt = row ? n : k;
            std::vector<double> original = a;
            run_gesvdr(context, request);
            CHECK(a == original);  // the caller's matrix is never touched
            for (int64_t j = 0; j < k; ++j) CHECK_EQ(s[static_cast<size_t>(j)], static_cast<double>(kk - j));
            // U diag(s) VT is A restricted to its k largest entries.
            bool ok = true;
            for (int64_t i = 0; i < m; ++i)
                for (int64_t j = 0; j < n; ++j) {
                    double x = 0;
                    for (int64_t l = 0; l < k; ++l) x += u[at(layout, row ? k : m, i, l)] * s[static_cast<size_t>(l)] * vt[at(layout, row ? n : k, l, j)];
                    double entry = a[at(layout, row ? n : m, i, j)];
                    double expected = std::fabs(entry) > static_cast<double>(kk - k) ? entry : 0.0;
                    ok &= x == expected;
                }
            CHECK(ok);
            // k + oversample = min(m, n) is refused (cuSOLVER needs <).
            request.oversample = kk - k;
            bool refused = false;
            try {
                run_gesvdr(context, request);
            } catch (const Error& e) {
                refused = e.status() == SPECTRAL_STATUS_UNSUPPORTED;
            }
            CHECK(refused);
        }
}

TEST_CASE(cuda_fake_stack_gram_eigenvalues) {
    auto probe = fake_stack(false, "12040");
    CudaContext context(probe->api, 0, 4);
    for (spectral_dtype dtype : {SPECTRAL_DTYPE_FLOAT32, SPECTRAL_DTYPE_FLOAT64})
        for (spectral_layout layout : {SPECTRAL_LAYOUT_ROW_MAJOR, SPECTRAL_LAYOUT_COL_MAJOR})
            for (auto [m, n] : std::vector<std::pair<int64_t, int64_t>>{{30, 20}, {20, 30}, {9, 9}})
                for (double scale : {1.0, 0x1p-600, 0x1p+500}) {
                    if (dtype == SPECTRAL_DTYPE_FLOAT32 && scale != 1.0) continue;
                    bool row = layout == SPECTRAL_LAYOUT_ROW_MAJOR;
                    int64_t kk = std::min(m, n);
                    // A with one signed entry per row and column: its Gram matrix is diagonal with entries (j + 1)^2.
                    std::vector<double> a64(static_cast<size_t>(m * n), 0.0);
                    for (int64_t i = 0; i < kk; ++i) a64[at(layout, row ? n : m, i, i)] = (i % 2 ? -1.0 : 1.0) * static_cast<double>((i * 7) % kk + 1) * scale;
                    std::vector<float> a32(a64.begin(), a64.end());
                    std::vector<double> w(static_cast<size_t>(kk), -1.0);
                    int32_t info = -7;
                    GramRequest request;
                    request.dtype = dtype;
                    request.layout = layout;
                    request.m = m;
                    request.n = n;
                    request.a = dtype == SPECTRAL_DTYPE_FLOAT32 ? static_cast<const void*>(a32.data()) : static_cast<const void*>(a64.data());
                    request.lda = row ? n : m;
                    request.w = w.data();
                    request.info = &info;
                    run_gram(context, request);
                    CHECK_EQ(info, 0);
                    bool ok = true;
                    for (int64_t j = 0; j < kk; ++j) {
                        double expected = static_cast<double>((j + 1) * (j + 1)) * scale * scale;
                        ok &= std::fabs(w[static_cast<size_t>(j)] - expected) <= 1e-12 * expected;
                    }
                    if (!ok) std::printf("  gram %lldx%lld dtype %d layout %d scale %g: wrong\n", static_cast<long long>(m), static_cast<long long>(n), dtype, layout, scale);
                    CHECK(ok);
                }
}
