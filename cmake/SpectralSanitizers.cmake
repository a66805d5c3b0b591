# SPECTRAL_SANITIZE=ON builds everything with AddressSanitizer + UndefinedBehaviorSanitizer; UB aborts the
# test (no recovery) so that CI fails on the first report.
option(SPECTRAL_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
function(spectral_apply_sanitizers target)
  if(SPECTRAL_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
