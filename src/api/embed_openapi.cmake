# Writes the API's response schema files (src/api/openapi/*.json) into a C++ source file
# so the binary carries them.
# Usage: cmake "-DIN=<a.json;b.json>" -DOUT=<file.cc> -P embed_openapi.cmake
set(arrays "")
set(entries "")
set(index 0)
foreach(file IN LISTS IN)
  file(READ "${file}" text)
  string(FIND "${text}" ")ics_openapi\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file} contains the raw-string delimiter")
  endif()
  get_filename_component(name "${file}" NAME)
  string(LENGTH "${text}" length)
  set(pieces "")
  set(offset 0)
  while(offset LESS length)
    string(SUBSTRING "${text}" ${offset} 16384 piece)
    string(APPEND pieces "    R\"ics_openapi(${piece})ics_openapi\"\n")
    math(EXPR offset "${offset} + 16384")
  endwhile()
  string(APPEND arrays "constexpr char kText${index}[] =\n${pieces};\n")
  string(APPEND entries "      {\"${name}\", std::string_view(kText${index}, sizeof kText${index} - 1)},\n")
  math(EXPR index "${index} + 1")
endforeach()
set(content "// Generated from src/api/openapi/*.json by embed_openapi.cmake; do not edit.
#include \"api/openapi_schemas.h\"

namespace ics::api {

namespace {
${arrays}}  // namespace

const std::vector<OpenApiSchemaFile>& OpenApiSchemaFiles() {
  static const std::vector<OpenApiSchemaFile> kFiles = {
${entries}  };
  return kFiles;
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
