# Use ccache when it is installed: rebuilds after a branch switch or a clean
# clone in CI then cost seconds, not minutes.
find_program(OPENSCS_CCACHE ccache)
if(OPENSCS_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${OPENSCS_CCACHE}")
  message(STATUS "ccache: ${OPENSCS_CCACHE}")
endif()
