// Exports that do not compute: versions, status strings, errors, backend discovery and contexts.
#include "backend.h"
#include "error.h"

#include <cstring>

using spectral::guarded;

extern "C" {

SPECTRAL_API uint32_t spectral_abi_version(void) {
    return (static_cast<uint32_t>(SPECTRAL_ABI_VERSION_MAJOR) << 16) | SPECTRAL_ABI_VERSION_MINOR;
}

SPECTRAL_API const char* spectral_version_string(void) { return SPECTRAL_VERSION_STRING; }

SPECTRAL_API const char* spectral_status_string(spectral_status status) {
    switch (status) {
        case SPECTRAL_STATUS_OK: return "SPECTRAL_STATUS_OK";
        case SPECTRAL_STATUS_INVALID_ARGUMENT: return "SPECTRAL_STATUS_INVALID_ARGUMENT";
        case SPECTRAL_STATUS_UNAVAILABLE: return "SPECTRAL_STATUS_UNAVAILABLE";
        case SPECTRAL_STATUS_OUT_OF_MEMORY: return "SPECTRAL_STATUS_OUT_OF_MEMORY";
        case SPECTRAL_STATUS_NOT_CONVERGED: return "SPECTRAL_STATUS_NOT_CONVERGED";
        case SPECTRAL_STATUS_BACKEND_ERROR: return "SPECTRAL_STATUS_BACKEND_ERROR";
        case SPECTRAL_STATUS_UNSUPPORTED: return "SPECTRAL_STATUS_UNSUPPORTED";
        case SPECTRAL_STATUS_INTERNAL: return "SPECTRAL_STATUS_INTERNAL";
        default: return "unknown status";
    }
}

SPECTRAL_API const char* spectral_last_error(void) { return spectral::last_error(); }

SPECTRAL_API spectral_status spectral_backend_query(spectral_backend backend, spectral_backend_info* info) {
    return guarded("spectral_backend_query", [&]() -> spectral_status {
        if (info == nullptr) spectral::invalid_argument("spectral_backend_query", "info", "is NULL");
        if (info->struct_size != sizeof(spectral_backend_info))
            spectral::invalid_argument("spectral_backend_query", "info->struct_size",
                                       "is " + std::to_string(info->struct_size) + ", expected " +
                                           std::to_string(sizeof(spectral_backend_info)));
        const spectral_backend_info* found = nullptr;
        switch (backend) {
            case SPECTRAL_BACKEND_LAPACK: found = &spectral::lapack_probe(); break;
            case SPECTRAL_BACKEND_CUDA: found = &spectral::cuda_probe(); break;
            default:
                spectral::invalid_argument("spectral_backend_query", "backend",
                                           "is " + std::to_string(backend) + ", not a known backend (1 = lapack, 2 = cuda)");
        }
        std::memcpy(info, found, sizeof(spectral_backend_info));
        return SPECTRAL_STATUS_OK;
    });
}

SPECTRAL_API spectral_status spectral_context_options_init(spectral_context_options* options) {
    return guarded("spectral_context_options_init", [&]() -> spectral_status {
        if (options == nullptr) spectral::invalid_argument("spectral_context_options_init", "options", "is NULL");
        *options = spectral_context_options{};
        options->struct_size = sizeof(spectral_context_options);
        return SPECTRAL_STATUS_OK;
    });
}

SPECTRAL_API spectral_status spectral_context_create(spectral_backend backend, const spectral_context_options* options,
                                                     spectral_context** out) {
    if (out != nullptr) *out = nullptr;
    return guarded("spectral_context_create", [&]() -> spectral_status {
        const char* fn = "spectral_context_create";
        if (out == nullptr) spectral::invalid_argument(fn, "out", "is NULL");
        spectral_context_options opts{};
        opts.struct_size = sizeof(spectral_context_options);
        if (options != nullptr) {
            if (options->struct_size != sizeof(spectral_context_options))
                spectral::invalid_argument(fn, "options->struct_size",
                                           "is " + std::to_string(options->struct_size) + ", expected " +
                                               std::to_string(sizeof(spectral_context_options)));
            if (options->num_threads < 0)
                spectral::invalid_argument(fn, "options->num_threads", "is negative (" + std::to_string(options->num_threads) + ")");
            if (options->device_ordinal < 0)
                spectral::invalid_argument(fn, "options->device_ordinal", "is negative (" + std::to_string(options->device_ordinal) + ")");
            if (options->flags != 0) spectral::invalid_argument(fn, "options->flags", "must be 0");
            opts = *options;
        }
        const spectral_backend_info* probe = nullptr;
        switch (backend) {
            case SPECTRAL_BACKEND_LAPACK: probe = &spectral::lapack_probe(); break;
            case SPECTRAL_BACKEND_CUDA: probe = &spectral::cuda_probe(); break;
            default:
                spectral::invalid_argument(fn, "backend", "is " + std::to_string(backend) + ", not a known backend (1 = lapack, 2 = cuda)");
        }
        if (!probe->available) spectral::fail(SPECTRAL_STATUS_UNAVAILABLE, std::string(fn) + ": " + probe->reason);
        auto context = std::make_unique<spectral_context>();
        context->options = opts;
        context->backend = backend == SPECTRAL_BACKEND_LAPACK ? spectral::lapack_create(opts) : spectral::cuda_create(opts);
        *out = context.release();
        return SPECTRAL_STATUS_OK;
    });
}

SPECTRAL_API void spectral_context_destroy(spectral_context* context) {
    // Destruction never reports: it must not throw, and a NULL context is a no-op.
    try {
        delete context;
    } catch (...) {
        spectral::set_last_error("spectral_context_destroy: backend cleanup failed");
    }
}

SPECTRAL_API spectral_backend spectral_context_backend(const spectral_context* context) {
    if (context == nullptr || !context->backend) return 0;
    return context->backend->kind();
}

}  // extern "C"
