// CUDA backend through the C ABI. On machines without a usable GPU these pin down the reason reporting
// (probe reason, context_create -> UNAVAILABLE with that reason, backend_query details); where a GPU is usable
// they run a small eigenproblem and SVD on it (the full GPU comparison is native/tests/cuda_smoke).
#include "spectral.h"
#include "test_harness.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

spectral_backend_info cuda_info() {
    spectral_backend_info info;
    std::memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    spectral_backend_query(SPECTRAL_BACKEND_CUDA, &info);
    return info;
}

// Device tests say why they did not run, like the LAPACK tests do.
bool cuda_available_or_skip() {
    spectral_backend_info info = cuda_info();
    if (!info.available) std::printf("  [skip] cuda unavailable: %s\n", info.reason);
    return info.available != 0;
}

[[maybe_unused]] bool driver_loadable() {
    void* handle = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    // Kept open on purpose: closing a driver library while it may have started threads is unsafe.
    return handle != nullptr;
}

bool file_exists(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

}  // namespace

TEST_CASE(cuda_probe_reason_is_exact) {
    spectral_backend_info info = cuda_info();
    CHECK_EQ(info.struct_size, static_cast<uint32_t>(sizeof info));
    if (info.available) {
        CHECK_EQ(std::string(info.reason), std::string(""));
        return;
    }
    std::string reason = info.reason;
    CHECK_EQ(reason.rfind("cuda: ", 0), 0u);
#if defined(SPECTRAL_HAVE_CUDA_HEADERS)
    if (!driver_loadable()) {
        CHECK_EQ(reason, std::string("cuda: libcuda.so.1 not found (no NVIDIA driver installed)"));
        // The dlopen attempt is recorded in the details.
        CHECK_CONTAINS(info.details, "libcuda.so.1: ");
    }
#else
    CHECK_CONTAINS(reason, "cuda: libspectral was built without CUDA headers (");
#endif
}

TEST_CASE(cuda_headers_present_in_ci_means_backend_compiled) {
    // .ci/run exports SPECTRAL_CUDA_INCLUDE_DIR with Debian's CUDA 11.8 headers: the CUDA backend must never be
    // silently left out of a CI build.
    const char* dir = std::getenv("SPECTRAL_CUDA_INCLUDE_DIR");
    if (dir == nullptr || dir[0] == '\0' || !file_exists(std::string(dir) + "/cusolverDn.h")) return;
#if !defined(SPECTRAL_HAVE_CUDA_HEADERS)
    CHECK(!"SPECTRAL_CUDA_INCLUDE_DIR holds CUDA headers but the native build did not use them");
#endif
    CHECK(std::string(cuda_info().reason).find("built without CUDA headers") == std::string::npos);
}

TEST_CASE(cuda_context_create_reports_unavailable_with_reason) {
    spectral_backend_info info = cuda_info();
    if (info.available) return;
    spectral_context* context = reinterpret_cast<spectral_context*>(0x1);
    CHECK_EQ(spectral_context_create(SPECTRAL_BACKEND_CUDA, nullptr, &context), SPECTRAL_STATUS_UNAVAILABLE);
    CHECK(context == nullptr);
    CHECK_CONTAINS(spectral_last_error(), info.reason);
    CHECK_CONTAINS(spectral_last_error(), "spectral_context_create: cuda: ");
    // Options are validated before availability matters.
    spectral_context_options options;
    spectral_context_options_init(&options);
    options.device_ordinal = -1;
    CHECK_EQ(spectral_context_create(SPECTRAL_BACKEND_CUDA, &options, &context), SPECTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(spectral_last_error(), "device_ordinal");
}

TEST_CASE(cuda_backend_query_details_when_available) {
    spectral_backend_info info = cuda_info();
    if (!info.available) {
        std::printf("  [skip] cuda unavailable: %s\n", info.reason);
        return;
    }
    CHECK_CONTAINS(info.version, "CUDA runtime ");
    CHECK_CONTAINS(info.version, "driver ");
    CHECK_CONTAINS(info.version, "cuSOLVER ");
    CHECK_CONTAINS(info.details, "device 0: ");
    CHECK_CONTAINS(info.details, "compute capability ");
    CHECK_CONTAINS(info.details, "cusolverDnXsyevBatched: ");
    CHECK(std::strlen(info.library) > 0);
}

TEST_CASE(cuda_bad_device_ordinal_is_rejected_when_available) {
    if (!cuda_available_or_skip()) return;
    spectral_context_options options;
    spectral_context_options_init(&options);
    options.device_ordinal = 4096;
    spectral_context* context = reinterpret_cast<spectral_context*>(0x1);
    CHECK_EQ(spectral_context_create(SPECTRAL_BACKEND_CUDA, &options, &context), SPECTRAL_STATUS_INVALID_ARGUMENT);
    CHECK(context == nullptr);
    CHECK_CONTAINS(spectral_last_error(), "device_ordinal = 4096");
}

TEST_CASE(cuda_small_problems_when_available) {
    if (!cuda_available_or_skip()) return;
    spectral_context* context = nullptr;
    CHECK_EQ(spectral_context_create(SPECTRAL_BACKEND_CUDA, nullptr, &context), SPECTRAL_STATUS_OK);
    if (context == nullptr) return;
    // [[2,1],[1,2]] has eigenvalues 1 and 3 with eigenvectors (1,-1)/sqrt2 and (1,1)/sqrt2.
    double a[4] = {2, 1, 1, 2}, w[2] = {0, 0}, v[4] = {0, 0, 0, 0};
    CHECK_EQ(spectral_syev(context, SPECTRAL_DTYPE_FLOAT64, SPECTRAL_LAYOUT_ROW_MAJOR, SPECTRAL_UPLO_LOWER,
                           SPECTRAL_JOB_VECTORS, 2, a, 2, w, v, 2),
             SPECTRAL_STATUS_OK);
    CHECK(std::fabs(w[0] - 1) < 1e-12 && std::fabs(w[1] - 3) < 1e-12);
    CHECK(std::fabs(std::fabs(v[0 * 2 + 1]) - std::sqrt(0.5)) < 1e-12);
    // A 3 x 2 matrix with singular values 3 and 1: [[3,0],[0,1],[0,0]].
    float b[6] = {3, 0, 0, 1, 0, 0}, s[2] = {0, 0};
    CHECK_EQ(spectral_gesvd(context, SPECTRAL_DTYPE_FLOAT32, SPECTRAL_LAYOUT_ROW_MAJOR, SPECTRAL_JOB_VALUES, 3, 2, b, 2, s,
                            nullptr, 1, nullptr, 1),
             SPECTRAL_STATUS_OK);
    CHECK(std::fabs(s[0] - 3.0f) < 1e-5f && std::fabs(s[1] - 1.0f) < 1e-5f);
    spectral_context_destroy(context);
}
