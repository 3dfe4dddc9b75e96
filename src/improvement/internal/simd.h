// Run-time choice of instruction set for the SPC engine's hot loops: ICS_SIMD_CLONES
// compiles a function for x86-64-v4 (AVX-512) and for the baseline, the loader picking one
// (GCC on x86-64; elsewhere the attribute is empty), and HaveAvx512() guards hand-written
// AVX-512 paths. Only loops whose every clone gives the same bits use these.
//
// Internal to the improvement module.
#pragma once

#include <cstddef>

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

// For tests: runs the hand-written kernels of AnalyseMdc both ways on the same input - the
// comparison masks of a finite group of 1..64 values against its limits, and the date-order
// check of n points - so the scalar code (the only one on a processor without AVX-512)
// is checked against the AVX-512 code on one that has it. Defined in mdc.cc.
struct KernelAgreement {
  bool avx512_ran = false;     // false: only the scalar code ran (no AVX-512 here)
  bool masks_agree = true;     // the six comparison masks are equal bit for bit
  bool dates_agree = true;     // both give the same verdict on the dates' order
  bool dates_ascending = false;  // the scalar verdict
};
// `values`: n finite doubles (1 <= n <= 64); limits as an MdcGroup has them;
// `years`/`months`/`days`: n dates.
KernelAgreement CompareKernels(const double* values, size_t n, double mean, double lpl, double upl, double nlpl,
                               double nupl, const int* years, const int* months, const int* days);

}  // namespace ics::improvement::internal
