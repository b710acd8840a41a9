# openscs_module(NAME <name> SOURCES ... [DEPS ...])
#   One folder = one static library `openscs_<name>` (alias openscs::<name>) =
#   one namespace `openscs::<name>`. Headers are included as "<folder>/<file>.h"
#   relative to src/.
function(openscs_module)
  cmake_parse_arguments(M "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_library(openscs_${M_NAME} STATIC ${M_SOURCES})
  add_library(openscs::${M_NAME} ALIAS openscs_${M_NAME})
  target_include_directories(openscs_${M_NAME} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(openscs_${M_NAME} PUBLIC ${M_DEPS} PRIVATE openscs_warnings openscs_hardening)
endfunction()

# openscs_test(NAME <name> SOURCES ... DEPS ...)
#   A GoogleTest program; each TEST becomes its own CTest entry so `ctest -j`
#   spreads them over the cores.
function(openscs_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_DEPS} GTest::gmock GTest::gtest_main openscs_warnings)
  # Not position independent (cmake/Hardening.cmake): a sanitizer build's
  # test program carries millions of relocations (UBSan's check data) that a
  # PIE applies at every start, and CTest starts each program once per test.
  set_target_properties(${T_NAME} PROPERTIES OPENSCS_TEST_PROGRAM ON)
  target_link_options(${T_NAME} PRIVATE -no-pie)
  target_include_directories(${T_NAME} PRIVATE "${PROJECT_SOURCE_DIR}")
  target_compile_definitions(${T_NAME} PRIVATE
    OPENSCS_TESTDATA_DIR="${PROJECT_SOURCE_DIR}/tests/testdata"
    OPENSCS_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  # One label only: gtest_discover_tests flattens a list-valued LABELS.
  gtest_discover_tests(${T_NAME} DISCOVERY_MODE PRE_TEST PROPERTIES LABELS unit)
endfunction()
