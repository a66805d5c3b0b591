// LAPACK backend: LAPACK located at run time (SPECTRAL_LAPACK_LIBRARY, else libopenblas.so.0, else
// liblapack.so.3). Compute routines are filled in by the LAPACK-backend work (issue: native compute ABI).
#include "../core/backend.h"
#include "../core/dynamic_library.h"
#include "../core/error.h"

#include <cstdlib>
#include <mutex>

namespace spectral {
namespace {

struct LapackLibrary {
    spectral_backend_info info{};
    std::unique_ptr<DynamicLibrary> library;
};

LapackLibrary& lapack_library() noexcept {
    static LapackLibrary state;
    static std::once_flag once;
    std::call_once(once, [] {
        try {
            state.info.struct_size = sizeof(spectral_backend_info);
            std::vector<std::string> names;
            const char* env = std::getenv("SPECTRAL_LAPACK_LIBRARY");
            if (env != nullptr && env[0] != '\0') names.emplace_back(env);
            names.emplace_back("libopenblas.so.0");
            names.emplace_back("liblapack.so.3");
            std::string attempts;
            auto lib = DynamicLibrary::open_first(names, attempts);
            if (!lib) {
                copy_text(state.info.reason, "lapack: no LAPACK library found (tried " +
                                                 std::string(env && env[0] ? "$SPECTRAL_LAPACK_LIBRARY, " : "") +
                                                 "libopenblas.so.0, liblapack.so.3; install libopenblas0 or liblapack3)");
                copy_text(state.info.details, attempts);
                return;
            }
            if (lib->symbol("dsyevd_") == nullptr || lib->symbol("dgesdd_") == nullptr) {
                copy_text(state.info.reason, "lapack: " + lib->path() + " does not export dsyevd_/dgesdd_");
                return;
            }
            copy_text(state.info.library, lib->path());
            using ConfigFn = char* (*)();
            if (auto config = reinterpret_cast<ConfigFn>(lib->symbol("openblas_get_config"))) {
                const char* text = config();
                copy_text(state.info.version, text != nullptr ? text : "OpenBLAS");
            } else {
                copy_text(state.info.version, "reference LAPACK (" + lib->name() + ")");
            }
            state.library = std::move(lib);
            state.info.available = 1;
        } catch (...) {
            state.info.available = 0;
            copy_text(state.info.reason, "lapack: probing failed unexpectedly");
        }
    });
    return state;
}

class LapackBackend final : public Backend {
public:
    spectral_backend kind() const noexcept override { return SPECTRAL_BACKEND_LAPACK; }
    void syev(const EigRequest&) override { fail(SPECTRAL_STATUS_UNSUPPORTED, "lapack: syev is not built yet"); }
    void gesvd(const SvdRequest&) override { fail(SPECTRAL_STATUS_UNSUPPORTED, "lapack: gesvd is not built yet"); }
    void gesvdr(const RsvdRequest&) override { fail(SPECTRAL_STATUS_UNSUPPORTED, "lapack: gesvdr is not built yet"); }
};

}  // namespace

const spectral_backend_info& lapack_probe() noexcept { return lapack_library().info; }

std::unique_ptr<Backend> lapack_create(const spectral_context_options&) { return std::make_unique<LapackBackend>(); }

}  // namespace spectral
