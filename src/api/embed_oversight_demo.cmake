# Writes the synthetic demo metrics (data/demo/organisations.csv, data/demo/metrics/*.csv and
# the events planted in them, data/demo/planted.json) into a C++ source file so that `ics
# serve` carries the oversight demo. Rewrites OUT only
# when its content changes.
# Usage: cmake -DROOT=<source dir> -DOUT=<file.cc> -P embed_oversight_demo.cmake
file(GLOB metric_files RELATIVE "${ROOT}" "${ROOT}/data/demo/metrics/*.csv")
list(SORT metric_files)
set(entries "")
foreach(f IN ITEMS data/demo/organisations.csv ${metric_files} data/demo/planted.json)
  if(NOT EXISTS "${ROOT}/${f}")
    continue()
  endif()
  file(READ "${ROOT}/${f}" text)
  string(FIND "${text}" ")ics_ov\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${f} contains the raw-string delimiter )ics_ov\"")
  endif()
  string(APPEND entries "      {\"${f}\", R\"ics_ov(${text})ics_ov\"},\n")
endforeach()
set(content "// Generated from data/demo by src/api/embed_oversight_demo.cmake; do not edit.
#include \"api/oversight_routes.h\"

namespace ics::api {

std::vector<NamedText> OversightDemoFiles() {
  return {
${entries}  };
}

}  // namespace ics::api
")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${content}")
