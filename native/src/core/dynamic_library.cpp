#include "dynamic_library.h"

#include <dlfcn.h>
#include <link.h>

namespace spectral {

DynamicLibrary::~DynamicLibrary() {
    // Loaded BLAS/CUDA libraries keep thread pools and atexit handlers; unloading them while those may
    // still run is a classic crash source, so libraries stay loaded for the life of the process.
    (void)handle_;
}

std::unique_ptr<DynamicLibrary> DynamicLibrary::open_first(const std::vector<std::string>& names,
                                                           std::string& attempts) {
    for (const auto& name : names) {
        dlerror();
        void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            const char* why = dlerror();
            attempts += name + ": " + (why != nullptr ? why : "not found") + "\n";
            continue;
        }
        std::string path = name;
        struct link_map* map = nullptr;
        if (dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map != nullptr && map->l_name != nullptr &&
            map->l_name[0] != '\0') {
            path = map->l_name;
        }
        return std::unique_ptr<DynamicLibrary>(new DynamicLibrary(handle, name, path));
    }
    return nullptr;
}

void* DynamicLibrary::symbol(const char* name) const noexcept { return dlsym(handle_, name); }

}  // namespace spectral
