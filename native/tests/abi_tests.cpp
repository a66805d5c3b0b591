// ABI tests for the foundation exports: versions, status strings, errors, backend discovery, contexts.
// Compute-routine tests live in their own files (compute_tests.cpp) and share this harness.
#include "spectral.h"
#include "test_harness.h"

#include <cstring>
#include <string>
#include <thread>
#include <vector>

TEST_CASE(abi_version_matches_header) {
    CHECK_EQ(spectral_abi_version() >> 16, static_cast<uint32_t>(SPECTRAL_ABI_VERSION_MAJOR));
    CHECK_EQ(spectral_abi_version() & 0xFFFFu, static_cast<uint32_t>(SPECTRAL_ABI_VERSION_MINOR));
    CHECK(std::strlen(spectral_version_string()) > 0);
}

TEST_CASE(status_strings_are_named) {
    CHECK_EQ(std::string(spectral_status_string(SPECTRAL_STATUS_OK)), std::string("SPECTRAL_STATUS_OK"));
    CHECK_EQ(std::string(spectral_status_string(SPECTRAL_STATUS_INVALID_ARGUMENT)),
             std::string("SPECTRAL_STATUS_INVALID_ARGUMENT"));
    CHECK_EQ(std::string(spectral_status_string(SPECTRAL_STATUS_NOT_CONVERGED)), std::string("SPECTRAL_STATUS_NOT_CONVERGED"));
    CHECK_EQ(std::string(spectral_status_string(12345)), std::string("unknown status"));
    CHECK_EQ(std::string(spectral_status_string(-1)), std::string("unknown status"));
}

TEST_CASE(destroy_null_is_a_no_op) {
    spectral_context_destroy(nullptr);
    CHECK_EQ(spectral_context_backend(nullptr), 0);
}

TEST_CASE(create_rejects_null_out_and_unknown_backend) {
    CHECK_EQ(spectral_context_create(SPECTRAL_BACKEND_LAPACK, nullptr, nullptr), SPECTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(spectral_last_error(), "out");
    spectral_context* ctx = reinterpret_cast<spectral_context*>(0x1);
    CHECK_EQ(spectral_context_create(99, nullptr, &ctx), SPECTRAL_STATUS_INVALID_ARGUMENT);
    CHECK(ctx == nullptr);
    CHECK_CONTAINS(spectral_last_error(), "backend");
}

TEST_CASE(create_rejects_bad_options) {
    spectral_context_options options;
    CHECK_EQ(spectral_context_options_init(&options), SPECTRAL_STATUS_OK);
    CHECK_EQ(spectral_context_options_init(nullptr), SPECTRAL_STATUS_INVALID_ARGUMENT);
    spectral_context* ctx = nullptr;
    options.num_threads = -3;
    CHECK_EQ(spectral_context_create(SPECTRAL_BACKEND_LAPACK, &options, &ctx), SPECTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(spectral_last_error(), "num_threads");
    spectral_context_options_init(&options);
    options.struct_size = 3;
    CHECK_EQ(spectral_context_create(SPECTRAL_BACKEND_LAPACK, &options, &ctx), SPECTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(spectral_last_error(), "struct_size");
    spectral_context_options_init(&options);
    options.flags = 1;
    CHECK_EQ(spectral_context_create(SPECTRAL_BACKEND_LAPACK, &options, &ctx), SPECTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(spectral_last_error(), "flags");
}

TEST_CASE(backend_query_reports_availability_or_reason) {
    for (spectral_backend backend : {SPECTRAL_BACKEND_LAPACK, SPECTRAL_BACKEND_CUDA}) {
        spectral_backend_info info;
        std::memset(&info, 0x7f, sizeof info);
        info.struct_size = sizeof info;
        CHECK_EQ(spectral_backend_query(backend, &info), SPECTRAL_STATUS_OK);
        CHECK(info.available == 0 || info.available == 1);
        CHECK(std::memchr(info.reason, 0, sizeof info.reason) != nullptr);
        CHECK(std::memchr(info.details, 0, sizeof info.details) != nullptr);
        if (info.available) {
            CHECK(std::strlen(info.library) > 0);
            spectral_context* ctx = nullptr;
            CHECK_EQ(spectral_context_create(backend, nullptr, &ctx), SPECTRAL_STATUS_OK);
            CHECK_EQ(spectral_context_backend(ctx), backend);
            spectral_context_destroy(ctx);
        } else {
            std::string prefix = backend == SPECTRAL_BACKEND_LAPACK ? "lapack: " : "cuda: ";
            CHECK_EQ(std::string(info.reason).rfind(prefix, 0), 0u);
            spectral_context* ctx = reinterpret_cast<spectral_context*>(0x1);
            CHECK_EQ(spectral_context_create(backend, nullptr, &ctx), SPECTRAL_STATUS_UNAVAILABLE);
            CHECK(ctx == nullptr);
            CHECK_CONTAINS(spectral_last_error(), prefix.c_str());
        }
    }
    spectral_backend_info bad;
    bad.struct_size = 12;
    CHECK_EQ(spectral_backend_query(SPECTRAL_BACKEND_LAPACK, &bad), SPECTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_EQ(spectral_backend_query(SPECTRAL_BACKEND_LAPACK, nullptr), SPECTRAL_STATUS_INVALID_ARGUMENT);
    spectral_backend_info info;
    info.struct_size = sizeof info;
    CHECK_EQ(spectral_backend_query(0, &info), SPECTRAL_STATUS_INVALID_ARGUMENT);
}

TEST_CASE(last_error_is_thread_local) {
    spectral_context_options_init(nullptr);
    std::string main_message = spectral_last_error();
    std::string other;
    std::thread worker([&] { other = spectral_last_error(); });
    worker.join();
    CHECK(!main_message.empty());
    CHECK(other.empty());
}

int main(int argc, char** argv) { return harness::run_all(argc, argv); }
