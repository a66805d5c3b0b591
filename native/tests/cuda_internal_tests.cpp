// Unit tests of the CUDA backend's host-side pieces, compiled into the test executable from the backend's
// sources (built only with CUDA headers): staging copies, SVD orientation algebra, version rules, error
// mapping, and the probe's decisions against stand-in driver/runtime libraries (cuda_fakes/).
#include "../src/cuda/cuda_errors.h"
#include "../src/cuda/cuda_probe.h"
#include "../src/cuda/cuda_versions.h"
#include "../src/cuda/staging.h"
#include "../src/cuda/svd_orientation.h"
#include "../src/core/error.h"
#include "test_harness.h"

#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace spectral::cuda;

namespace {

double at(const std::vector<double>& a, int64_t rs, int64_t cs, int64_t i, int64_t j) { return a[static_cast<size_t>(i * rs + j * cs)]; }

}  // namespace

TEST_CASE(cuda_staging_copies_layouts_transposes_and_precisions) {
    std::mt19937_64 rng(20261123);
    std::uniform_real_distribution<double> uniform(-1, 1);
    for (int64_t rows : {1, 3, 70, 130})
        for (int64_t cols : {1, 2, 65, 129})
            for (spectral_layout layout : {SPECTRAL_LAYOUT_ROW_MAJOR, SPECTRAL_LAYOUT_COL_MAJOR}) {
                int64_t ld = (layout == SPECTRAL_LAYOUT_ROW_MAJOR ? cols : rows) + 3;
                std::vector<double> src(static_cast<size_t>(ld * (layout == SPECTRAL_LAYOUT_ROW_MAJOR ? rows : cols)));
                for (auto& x : src) x = uniform(rng);
                StridedMatrix s = user_matrix(src.data(), SPECTRAL_DTYPE_FLOAT64, layout, ld);
                // To dense column-major float32 and back to the caller's layout as float64.
                std::vector<float> packed(static_cast<size_t>(rows * cols), 0.0f);
                copy_matrix(rows, cols, s, column_major(packed.data(), SPECTRAL_DTYPE_FLOAT32, rows));
                bool ok = true;
                for (int64_t i = 0; i < rows; ++i)
                    for (int64_t j = 0; j < cols; ++j)
                        ok &= packed[static_cast<size_t>(i + j * rows)] == static_cast<float>(at(src, s.row_stride, s.col_stride, i, j));
                CHECK(ok);
                // Transposed copy: dst = src^T, cols x rows, row-major with a padded leading dimension.
                std::vector<double> t(static_cast<size_t>(cols * (rows + 1)), 7.0);
                copy_matrix(cols, rows, s.transposed(), user_matrix(t.data(), SPECTRAL_DTYPE_FLOAT64, SPECTRAL_LAYOUT_ROW_MAJOR, rows + 1));
                ok = true;
                for (int64_t i = 0; i < cols; ++i) {
                    for (int64_t j = 0; j < rows; ++j) ok &= t[static_cast<size_t>(i * (rows + 1) + j)] == at(src, s.row_stride, s.col_stride, j, i);
                    ok &= t[static_cast<size_t>(i * (rows + 1) + rows)] == 7.0;  // padding untouched
                }
                CHECK(ok);
            }
}

TEST_CASE(cuda_arena_aligns_and_separates_regions) {
    Arena arena;
    size_t a = arena.add(10), b = arena.add(0), c = arena.add(300);
    CHECK_EQ(a, size_t{0});
    CHECK_EQ(b, size_t{256});
    CHECK_EQ(c, size_t{512});
    CHECK_EQ(arena.size(), size_t{1024});
}

TEST_CASE(cuda_protective_scaling_matches_lapack_ranges) {
    CHECK(safe_scale(1.0, SPECTRAL_DTYPE_FLOAT64) == 1.0);
    CHECK(safe_scale(0.0, SPECTRAL_DTYPE_FLOAT64) == 1.0);
    CHECK(safe_scale(1e100, SPECTRAL_DTYPE_FLOAT64) == 1.0);   // inside [1.5e-146, 6.7e145]
    CHECK(safe_scale(1e10, SPECTRAL_DTYPE_FLOAT32) == 1.0);    // inside [4.4e-16, 2.3e15]
    for (double x : {1e200, 1e-200, 3e-150, 7e146}) {
        double s = safe_scale(x, SPECTRAL_DTYPE_FLOAT64);
        CHECK(s != 1.0 && x * s >= 0.5 && x * s < 1.0);
        int exponent = 0;
        CHECK(std::frexp(s, &exponent) == 0.5);  // a power of two
    }
    for (double x : {1e18, 1e-18, 1e16}) {
        double s = safe_scale(x, SPECTRAL_DTYPE_FLOAT32);
        CHECK(s != 1.0 && x * s >= 0.5 && x * s < 1.0);
    }
    // max_abs and scale_in_place honour the triangle (the other one may hold garbage).
    double a[9] = {1, -5, 2, 1e300, 3, -4, 1e300, 1e300, 6};  // column-major; upper part holds 1e300
    StridedMatrix m = column_major(a, SPECTRAL_DTYPE_FLOAT64, 3);
    CHECK_EQ(max_abs(3, 3, m, Part::lower), 6.0);
    CHECK_EQ(max_abs(3, 3, m, Part::full), 1e300);
    scale_in_place(3, 3, m, Part::lower, 0.5);
    CHECK_EQ(a[1], -2.5);
    CHECK_EQ(a[3], 1e300);
    CHECK_EQ(a[8], 3.0);
    // copy_matrix applies an exact factor.
    float out[2] = {0, 0};
    double in[2] = {3, 5};
    copy_matrix(2, 1, column_major(in, SPECTRAL_DTYPE_FLOAT64, 2), column_major(out, SPECTRAL_DTYPE_FLOAT32, 2), 0.25);
    CHECK(out[0] == 0.75f && out[1] == 1.25f);
}

TEST_CASE(cuda_svd_orientation_is_always_tall_and_factors_map_back) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> uniform(-1, 1);
    for (int64_t m : {1, 4, 9})
        for (int64_t n : {1, 4, 9})
            for (spectral_layout layout : {SPECTRAL_LAYOUT_ROW_MAJOR, SPECTRAL_LAYOUT_COL_MAJOR}) {
                int64_t lda = (layout == SPECTRAL_LAYOUT_ROW_MAJOR ? n : m) + 2;
                std::vector<double> a(static_cast<size_t>(lda * (layout == SPECTRAL_LAYOUT_ROW_MAJOR ? m : n)));
                for (auto& x : a) x = uniform(rng);
                StridedMatrix av = user_matrix(a.data(), SPECTRAL_DTYPE_FLOAT64, layout, lda);
                SvdOrientation o = orient(a.data(), SPECTRAL_DTYPE_FLOAT64, layout, m, n, lda);
                CHECK(o.rows >= o.cols);
                CHECK_EQ(o.rows, std::max(m, n));
                CHECK_EQ(o.cols, std::min(m, n));
                std::vector<double> e(static_cast<size_t>(o.rows * o.cols));
                copy_matrix(o.rows, o.cols, o.source, column_major(e.data(), SPECTRAL_DTYPE_FLOAT64, o.rows));
                bool ok = true;
                for (int64_t i = 0; i < o.rows; ++i)
                    for (int64_t j = 0; j < o.cols; ++j) {
                        double expected = o.transposed ? at(a, av.row_stride, av.col_stride, j, i) : at(a, av.row_stride, av.col_stride, i, j);
                        ok &= e[static_cast<size_t>(i + j * o.rows)] == expected;
                    }
                CHECK(ok);
                // Any factorization E = U_E diag(s) VT_E must give A = U diag(s) VT through caller_factors.
                int64_t k = o.cols;
                std::vector<double> ue(static_cast<size_t>(o.rows * k)), vte(static_cast<size_t>(k * o.cols)), s(static_cast<size_t>(k));
                for (auto& x : ue) x = uniform(rng);
                for (auto& x : vte) x = uniform(rng);
                for (auto& x : s) x = uniform(rng);
                StridedMatrix uev = column_major(ue.data(), SPECTRAL_DTYPE_FLOAT64, o.rows), vtev = column_major(vte.data(), SPECTRAL_DTYPE_FLOAT64, k);
                StridedMatrix u, vt;
                caller_factors(o, uev, vtev, u, vt);
                std::vector<double> uc(static_cast<size_t>(m * k)), vtc(static_cast<size_t>(k * n));
                copy_matrix(m, k, u, column_major(uc.data(), SPECTRAL_DTYPE_FLOAT64, m));
                copy_matrix(k, n, vt, column_major(vtc.data(), SPECTRAL_DTYPE_FLOAT64, k));
                double worst = 0;
                for (int64_t i = 0; i < m; ++i)
                    for (int64_t j = 0; j < n; ++j) {
                        double from_caller = 0, from_e = 0;
                        for (int64_t l = 0; l < k; ++l) from_caller += uc[static_cast<size_t>(i + l * m)] * s[static_cast<size_t>(l)] * vtc[static_cast<size_t>(l + j * k)];
                        int64_t r = o.transposed ? j : i, c = o.transposed ? i : j;  // A(i,j) = E(j,i) when E = A^T
                        for (int64_t l = 0; l < k; ++l) from_e += ue[static_cast<size_t>(r + l * o.rows)] * s[static_cast<size_t>(l)] * vte[static_cast<size_t>(l + c * k)];
                        worst = std::max(worst, std::fabs(from_caller - from_e));
                    }
                CHECK(worst < 1e-12);
            }
}

TEST_CASE(cuda_version_rules) {
    CHECK_EQ(format_cuda_version(11080), std::string("11.8"));
    CHECK_EQ(format_cuda_version(12060), std::string("12.6"));
    CHECK_EQ(format_cuda_version(0), std::string("unknown"));
    CHECK_EQ(runtime_sonames().front(), std::string("libcudart.so.13"));
    CHECK_EQ(runtime_sonames().back(), std::string("libcudart.so.11.0"));
    CHECK_EQ(cusolver_soname_for(13), std::string("libcusolver.so.12"));
    CHECK_EQ(cusolver_soname_for(12), std::string("libcusolver.so.11"));
    CHECK_EQ(cusolver_soname_for(11), std::string("libcusolver.so.11"));
    CHECK_EQ(cublas_soname_for(12), std::string("libcublas.so.12"));
    CHECK_EQ(cublas_soname_for(10), std::string(""));
    CHECK(driver_supports_runtime(12020, 12080));   // minor-version compatibility
    CHECK(driver_supports_runtime(13000, 12040));
    CHECK(!driver_supports_runtime(11040, 12000));  // a newer major needs a newer driver
    CHECK(!driver_supports_runtime(0, 11080));
    CHECK(float32_syevd_needs_promotion(11080));
    CHECK(!float32_syevd_needs_promotion(12000));
}

TEST_CASE(cuda_error_codes_map_to_statuses_and_messages) {
    CHECK_EQ(status_for_runtime_error(cudaErrorMemoryAllocation), SPECTRAL_STATUS_OUT_OF_MEMORY);
    CHECK_EQ(status_for_runtime_error(cudaErrorInsufficientDriver), SPECTRAL_STATUS_UNAVAILABLE);
    CHECK_EQ(status_for_runtime_error(cudaErrorIllegalAddress), SPECTRAL_STATUS_BACKEND_ERROR);
    CHECK_EQ(status_for_cusolver(CUSOLVER_STATUS_ALLOC_FAILED), SPECTRAL_STATUS_OUT_OF_MEMORY);
    CHECK_EQ(status_for_cusolver(CUSOLVER_STATUS_NOT_SUPPORTED), SPECTRAL_STATUS_UNSUPPORTED);
    CHECK_EQ(status_for_cusolver(CUSOLVER_STATUS_EXECUTION_FAILED), SPECTRAL_STATUS_BACKEND_ERROR);
    CHECK_EQ(status_for_cublas(CUBLAS_STATUS_ALLOC_FAILED), SPECTRAL_STATUS_OUT_OF_MEMORY);
    CHECK_EQ(std::string(cusolver_status_name(CUSOLVER_STATUS_INVALID_VALUE)), std::string("CUSOLVER_STATUS_INVALID_VALUE"));
    CHECK_EQ(std::string(cublas_status_name(CUBLAS_STATUS_EXECUTION_FAILED)), std::string("CUBLAS_STATUS_EXECUTION_FAILED"));
    CHECK_EQ(std::string(cusolver_status_name(12345)), std::string("unknown cusolverStatus_t"));
    bool thrown = false;
    try {
        SPECTRAL_CUSOLVER_CHECK(CUSOLVER_STATUS_EXECUTION_FAILED);
    } catch (const spectral::Error& e) {
        thrown = true;
        CHECK_EQ(e.status(), SPECTRAL_STATUS_BACKEND_ERROR);
        CHECK_CONTAINS(e.what(), "cuda: CUSOLVER_STATUS_EXECUTION_FAILED returned CUSOLVER_STATUS_EXECUTION_FAILED (6) at cuda_internal_tests.cpp:");
    }
    CHECK(thrown);
    thrown = false;
    try {
        raise_runtime(nullptr, cudaErrorMemoryAllocation, "cudaMalloc(&p, 8)", "/x/y/file.cpp", 12);
    } catch (const spectral::Error& e) {
        thrown = true;
        CHECK_EQ(e.status(), SPECTRAL_STATUS_OUT_OF_MEMORY);
        CHECK_EQ(std::string(e.what()), std::string("cuda: cudaMalloc(&p, 8) returned 2 at file.cpp:12"));
    }
    CHECK(thrown);
}

// ---- The probe against stand-in libraries ------------------------------------------------------------------

namespace {

std::unique_ptr<CudaProbe> probe_with(const char* mode, const char* driver_version, std::vector<std::string> runtimes) {
    setenv("SPECTRAL_FAKE_CUDA_MODE", mode, 1);
    setenv("SPECTRAL_FAKE_CUDA_DRIVER_VERSION", driver_version, 1);
    ProbeConfig config;
    config.driver = SPECTRAL_FAKE_CUDA_DRIVER;
    config.runtimes = std::move(runtimes);
    auto probe = run_probe(config);
    unsetenv("SPECTRAL_FAKE_CUDA_MODE");
    unsetenv("SPECTRAL_FAKE_CUDA_DRIVER_VERSION");
    return probe;
}

}  // namespace

TEST_CASE(cuda_probe_reports_missing_driver) {
    ProbeConfig config;
    config.driver = "/nonexistent/libcuda.so.1";
    auto probe = run_probe(config);
    CHECK(probe != nullptr);
    if (!probe) return;
    CHECK_EQ(probe->info.available, 0);
    CHECK_EQ(std::string(probe->info.reason), std::string("cuda: /nonexistent/libcuda.so.1 not found (no NVIDIA driver installed)"));
    CHECK_CONTAINS(probe->info.details, "/nonexistent/libcuda.so.1: ");
}

TEST_CASE(cuda_probe_reports_no_device_and_init_failure) {
    auto none = probe_with("no-device", "12080", {});
    CHECK_CONTAINS(none->info.reason, "cuda: no device (the NVIDIA driver is installed but cuInit reports CUDA_ERROR_NO_DEVICE (100))");
    auto zero = probe_with("zero-devices", "12080", {});
    CHECK_EQ(std::string(zero->info.reason), std::string("cuda: no device (the NVIDIA driver reports 0 CUDA devices)"));
    CHECK_EQ(std::string(zero->info.version), std::string("driver 12.8"));
    auto broken = probe_with("init-fails", "12080", {});
    CHECK_CONTAINS(broken->info.reason, "cuda: the NVIDIA driver failed to initialize (cuInit returned CUDA_ERROR_UNKNOWN (999))");
    CHECK_EQ(none->info.available + zero->info.available + broken->info.available, 0);
}

TEST_CASE(cuda_probe_reports_driver_too_old_with_device_list) {
    setenv("SPECTRAL_FAKE_CUDART_VERSION", "12040", 1);
    auto probe = probe_with("ok", "11040", {"/nonexistent/libcudart.so.13", SPECTRAL_FAKE_CUDART});
    unsetenv("SPECTRAL_FAKE_CUDART_VERSION");
    CHECK_EQ(probe->info.available, 0);
    CHECK_CONTAINS(probe->info.reason, "cuda: driver too old: the NVIDIA driver supports CUDA 11.4 but the CUDA runtimes found need newer drivers: ");
    CHECK_CONTAINS(probe->info.reason, "(CUDA 12.4)");
    CHECK_CONTAINS(probe->info.details, "device 0: Fake GPU, compute capability 8.0, 16.0 GiB");
}

TEST_CASE(cuda_probe_reports_missing_runtime_and_missing_symbols) {
    auto none = probe_with("ok", "12080", {"/nonexistent/libcudart.so.12"});
    CHECK_CONTAINS(none->info.reason, "cuda: no CUDA runtime found (tried /nonexistent/libcudart.so.12; install the CUDA toolkit");
    CHECK_CONTAINS(none->info.details, "device 0: Fake GPU");
    // A runtime the driver can run but that lacks the entry points we need.
    auto lacking = probe_with("ok", "12080", {SPECTRAL_FAKE_CUDART});
    CHECK_CONTAINS(lacking->info.reason, "lacks cudaGetDeviceCount");
    CHECK_EQ(lacking->info.available, 0);
}
