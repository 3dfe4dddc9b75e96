// Run-time choice of instruction set for the SPC engine's hot loops: ICS_SIMD_CLONES
// compiles a function for x86-64-v4 (AVX-512) and for the baseline, the loader picking one
// (GCC on x86-64; elsewhere the attribute is empty), and HaveAvx512() guards hand-written
// AVX-512 paths. Only loops whose every clone gives the same bits use these.
//
// Internal to the improvement module.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define ICS_SIMD_X86 1
#define ICS_SIMD_CLONES [[gnu::target_clones("arch=x86-64-v4", "default")]]
#else
#define ICS_SIMD_X86 0
#define ICS_SIMD_CLONES
#endif

namespace ics::improvement::internal {

// AVX-512 F, DQ, BW and VL (x86-64-v4), asked of the processor once.
inline bool HaveAvx512() {
#if ICS_SIMD_X86
  static const bool have = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
  return have;
#else
  return false;
#endif
}

}  // namespace ics::improvement::internal
