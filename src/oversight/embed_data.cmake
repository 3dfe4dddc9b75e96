# Writes data/oversight/*.json into a C++ include file so the library carries the default
# registry, rule sets and quality triggers.
# Usage: cmake -DDIR=<data/oversight> -DOUT=<file.inc> -P embed_data.cmake
file(GLOB files "${DIR}/*.json")
list(SORT files)
set(content "// Generated from data/oversight/*.json by embed_data.cmake; do not edit.\n")
foreach(f IN LISTS files)
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" text)
  string(FIND "${text}" ")ics_oversight\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${f} contains the raw-string delimiter )ics_oversight\"")
  endif()
  string(APPEND content "{\"${name}\", R\"ics_oversight(${text})ics_oversight\"},\n")
endforeach()
file(WRITE "${OUT}" "${content}")
