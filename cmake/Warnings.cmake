# One warning policy for every target of ours (not for third-party code).
add_library(openscs_warnings INTERFACE)
target_compile_options(openscs_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough)
# Not -Wnull-dereference: GCC 12 reports it from inlined Boost.Asio code at
# -O2 and above, where it cannot be told apart from our own.
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  # Checks GUARDED_BY annotations on mutex-protected state (see docs/architecture.md).
  target_compile_options(openscs_warnings INTERFACE -Wthread-safety)
endif()
if(OPENSCS_WERROR)
  target_compile_options(openscs_warnings INTERFACE -Werror)
endif()
