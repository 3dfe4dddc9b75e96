# Writes the default allocation policies (data/finance/policies/*.json) into a C++ include
# file so the library carries them and never reads the source tree at run time.
# Usage: cmake -DDIR=<policies dir> -DOUT=<file.inc> -P embed_policies.cmake
file(GLOB files "${DIR}/*.json")
list(SORT files)
set(content "// Generated from data/finance/policies/*.json by embed_policies.cmake; do not edit.\n")
foreach(f IN LISTS files)
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" text)
  string(FIND "${text}" ")ics_policy\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${f} contains the raw-string delimiter )ics_policy\"")
  endif()
  string(APPEND content "{\"${name}\", R\"ics_policy(${text})ics_policy\"},\n")
endforeach()
file(WRITE "${OUT}" "${content}")
