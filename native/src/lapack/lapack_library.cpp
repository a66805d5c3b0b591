// Locating LAPACK at run time (probe, cached for the process) and resolving its routines.
#include "lapack_library.h"

#include "../core/backend.h"
#include "../core/dynamic_library.h"
#include "../core/error.h"

#include <cstdlib>
#include <mutex>
#include <vector>

namespace spectral {
namespace lapack {
namespace {

struct LapackLibrary {
    spectral_backend_info info{};
    std::unique_ptr<DynamicLibrary> library;
    LapackFunctions functions;
};

template <class F>
void resolve(const DynamicLibrary& lib, F& slot, const char* symbol, std::string& missing) {
    slot = reinterpret_cast<F>(lib.symbol(symbol));
    if (slot == nullptr) missing += missing.empty() ? symbol : std::string(", ") + symbol;
}

template <class T>
void resolve_precision(const DynamicLibrary& lib, Routines<T>& r, char p, std::string& missing) {
    auto name = [p](const char* stem) { return std::string(1, p) + stem; };
    resolve(lib, r.syevd, name("syevd_").c_str(), missing);
    resolve(lib, r.syevr, name("syevr_").c_str(), missing);
    resolve(lib, r.gesdd, name("gesdd_").c_str(), missing);
    resolve(lib, r.gemm, name("gemm_").c_str(), missing);
    resolve(lib, r.syrk, name("syrk_").c_str(), missing);
    resolve(lib, r.geqrf, name("geqrf_").c_str(), missing);
    resolve(lib, r.orgqr, name("orgqr_").c_str(), missing);
}

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
            std::string missing;
            resolve_precision(*lib, state.functions.s, 's', missing);
            resolve_precision(*lib, state.functions.d, 'd', missing);
            state.functions.set_num_threads = reinterpret_cast<void (*)(int)>(lib->symbol("openblas_set_num_threads"));
            state.functions.get_num_threads = reinterpret_cast<int (*)()>(lib->symbol("openblas_get_num_threads"));
            state.functions.library = lib->path();
            copy_text(state.info.library, lib->path());
            using ConfigFn = char* (*)();
            if (auto config = reinterpret_cast<ConfigFn>(lib->symbol("openblas_get_config"))) {
                const char* text = config();
                copy_text(state.info.version, text != nullptr ? text : "OpenBLAS");
            } else {
                copy_text(state.info.version, "reference LAPACK (" + lib->name() + ")");
            }
            std::string details = "routines: ?syevd (full spectrum), ?syevr (index ranges), ?gesdd (SVD), "
                                  "?gemm/?geqrf/?orgqr (randomized SVD), dsyrk + dsyevd (Gram eigenvalues); LP64 (32-bit integers)\n";
            details += state.functions.set_num_threads != nullptr
                           ? "BLAS threads: pinned to 1 inside batched calls (openblas_set_num_threads); batch workers: num_threads, at most 32\n"
                           : "BLAS threads: not controllable (no openblas_set_num_threads)\n";
            // OpenBLAS reports how it parallelizes; the OpenMP flavour keeps its thread count per thread, so a
            // pin set by the calling thread does not reach the batch workers there.
            if (auto parallel = reinterpret_cast<int (*)()>(lib->symbol("openblas_get_parallel"))) {
                int mode = parallel();
                details += std::string("OpenBLAS threading: ") +
                           (mode == 0 ? "sequential" : mode == 1 ? "pthreads" : mode == 2 ? "OpenMP (batch workers may oversubscribe; set OMP_NUM_THREADS=1)" : "unknown") +
                           "\n";
            }
            if (!missing.empty()) details += "missing (calls needing them return UNSUPPORTED): " + missing + "\n";
            copy_text(state.info.details, details);
            state.library = std::move(lib);
            state.info.available = 1;
        } catch (...) {
            state.info.available = 0;
            copy_text(state.info.reason, "lapack: probing failed unexpectedly");
        }
    });
    return state;
}

std::mutex pin_mutex;
int pin_count = 0;
int pinned_from = 0;

}  // namespace

const LapackFunctions& functions() noexcept { return lapack_library().functions; }

void fail_missing(const char* symbol, const char* purpose) {
    fail(SPECTRAL_STATUS_UNSUPPORTED, std::string("lapack: ") + functions().library + " does not export " + symbol +
                                          " (needed for " + purpose + ")");
}

BlasThreadPin::BlasThreadPin(bool active) : active_(false) {
    const auto& f = functions();
    if (!active || f.set_num_threads == nullptr || f.get_num_threads == nullptr) return;
    std::lock_guard<std::mutex> lock(pin_mutex);
    if (pin_count++ == 0) {
        pinned_from = f.get_num_threads();
        f.set_num_threads(1);
    }
    active_ = true;
}

BlasThreadPin::~BlasThreadPin() {
    if (!active_) return;
    std::lock_guard<std::mutex> lock(pin_mutex);
    if (--pin_count == 0) functions().set_num_threads(pinned_from);
}

}  // namespace lapack

const spectral_backend_info& lapack_probe() noexcept { return lapack::lapack_library().info; }

}  // namespace spectral
