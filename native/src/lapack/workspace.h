// Reusable scratch memory for one worker thread: grows to the largest request it has served and is
// reused by the next matrix, so a batch of small matrices does not allocate per matrix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace spectral {
namespace lapack {

class Workspace {
public:
    /**
     * Returns space for `count` elements of T in slot `slot` (0..kSlots-1). Slots are independent buffers,
     * so a routine can hold several at once; the pointer stays valid until the same slot is asked again.
     */
    template <class T>
    T* get(std::size_t slot, std::size_t count) {
        auto& buffer = slots_[slot];
        std::size_t words = (count * sizeof(T) + sizeof(std::uint64_t) - 1) / sizeof(std::uint64_t);
        if (buffer.size() < words) buffer.resize(words);
        return reinterpret_cast<T*>(buffer.data());
    }

    /** Releases memory above `keep_bytes` per slot (called after unusually large requests). */
    void trim(std::size_t keep_bytes) {
        for (auto& buffer : slots_)
            if (buffer.size() * sizeof(std::uint64_t) > keep_bytes) std::vector<std::uint64_t>().swap(buffer);
    }

    static constexpr std::size_t kSlots = 8;

private:
    // uint64_t storage keeps every slot 8-byte aligned for float, double and int.
    std::vector<std::uint64_t> slots_[kSlots];
};

}  // namespace lapack
}  // namespace spectral
