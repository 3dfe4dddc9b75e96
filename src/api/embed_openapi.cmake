# Writes openapi_schemas.json into a C++ source file so the binary carries it.
# Usage: cmake -DIN=<openapi_schemas.json> -DOUT=<file.cc> -P embed_openapi.cmake
file(READ "${IN}" text)
string(FIND "${text}" ")ics_openapi\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter")
endif()
string(LENGTH "${text}" length)
set(pieces "")
set(offset 0)
while(offset LESS length)
  string(SUBSTRING "${text}" ${offset} 16384 piece)
  string(APPEND pieces "    R\"ics_openapi(${piece})ics_openapi\"\n")
  math(EXPR offset "${offset} + 16384")
endwhile()
set(content "// Generated from src/api/openapi_schemas.json by embed_openapi.cmake; do not edit.
#include \"api/openapi_schemas.h\"

namespace ics::api {

namespace {
constexpr char kText[] =
${pieces};
}  // namespace

std::string_view OpenApiSchemasText() { return std::string_view(kText, sizeof kText - 1); }

}  // namespace ics::api
")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${content}")
