# PAIR_PORTABLE: one binary for any x86_64/arm64 Linux whose glibc is at least the build machine's.
# libstdc++, libgcc and the small libraries (fmt, nettle, zlib, gumbo, libseccomp) go into the
# binary, so `ldd pair` lists only the C library family; libcurl stays out of the link as always
# (http/curl_api loads libcurl.so.4 at run time), since every distribution has it.
# Included before the find_package calls: they and pkg_check_modules then pick the .a archives.

add_link_options(-static-libstdc++ -static-libgcc)
set(CMAKE_FIND_LIBRARY_SUFFIXES .a)

# Debian ships fmt only as a shared library; its headers compile it into each user instead.
find_path(PAIR_FMT_INCLUDE_DIR fmt/format.h REQUIRED)
add_library(fmt::fmt INTERFACE IMPORTED)
set_target_properties(fmt::fmt PROPERTIES
  INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY=1
  INTERFACE_INCLUDE_DIRECTORIES ${PAIR_FMT_INCLUDE_DIR})
