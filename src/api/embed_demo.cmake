# Writes the demo definition into a C++ source file (demo.h) so the `ics` binary carries it.
# Runs at every build but rewrites OUT only when its content changes.
# Usage: cmake -DROOT=<source dir> -DOUT=<file.cc> -P embed_demo.cmake
set(candidates examples/derby-derbyshire/ics.yaml tests/golden/rules/base.yaml)
foreach(candidate IN LISTS candidates)
  if(EXISTS "${ROOT}/${candidate}")
    set(chosen "${candidate}")
    break()
  endif()
endforeach()
if(NOT chosen)
  message(FATAL_ERROR "no demo definition: none of ${candidates} exists under ${ROOT}")
endif()
file(READ "${ROOT}/${chosen}" text)
string(FIND "${text}" ")ics_demo\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${chosen} contains the raw-string delimiter )ics_demo\"")
endif()
# Raw string literals are limited in practice only by the compiler; split every 16 KiB
# anyway so that no single literal is unreasonably long.
string(LENGTH "${text}" length)
set(pieces "")
set(offset 0)
while(offset LESS length)
  string(SUBSTRING "${text}" ${offset} 16384 piece)
  string(APPEND pieces "    R\"ics_demo(${piece})ics_demo\"\n")
  math(EXPR offset "${offset} + 16384")
endwhile()
if(pieces STREQUAL "")
  set(pieces "    \"\"\n")
endif()
set(content "// Generated from ${chosen} by src/api/embed_demo.cmake; do not edit.
#include \"api/demo.h\"

namespace ics::api {

namespace {
constexpr char kText[] =
${pieces};
}  // namespace

EmbeddedDefinition DemoDefinition() {
  return {\"${chosen}\", std::string_view(kText, sizeof kText - 1)};
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
