# Cross-compiling for 64-bit ARM Linux on Debian/Ubuntu (crossbuild-essential-arm64 and the arm64
# multiarch -dev packages: scripts/deps.sh --arm64). Programs built here run under qemu-user.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# Debian's multiarch layout: arm64 libraries under /usr/lib/aarch64-linux-gnu, headers shared.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /usr)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
# qemu-user runs them with the loader and C library of Debian's libc6:arm64 (pulled in by the
# arm64 -dev packages), never with /usr/aarch64-linux-gnu as its prefix: qemu would take the cross
# toolchain's loader from there while that loader still loads /lib/aarch64-linux-gnu/libc.so.6, and
# a loader and C library of two different builds disagree on the loader's private data (the first
# thread a program starts spins forever in pthread_create). "-L /" is no prefix at all.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static -L /)
