# OPENSCS_SANITIZE: a comma-separated list passed to -fsanitize (address,undefined | thread).
set(OPENSCS_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")
# OPENSCS_SANITIZE_EXCLUDE: checks of those to leave out (-fno-sanitize=).
# The asan-ubsan preset (CI) leaves out UBSan's alignment, null and vptr
# checks: they made a file take 40 % longer to compile, and what they find is
# found anyway — a null dereference is a SEGV that ASan reports with its
# stack, x86-64 loads unaligned data, and we have few class hierarchies.
# Empty it for every check: -DOPENSCS_SANITIZE_EXCLUDE= (CONTRIBUTING.md).
set(OPENSCS_SANITIZE_EXCLUDE "" CACHE STRING "Sanitizer checks to leave out, e.g. alignment,null,vptr")
if(OPENSCS_SANITIZE)
  add_compile_options(-fsanitize=${OPENSCS_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  if(OPENSCS_SANITIZE_EXCLUDE)
    add_compile_options(-fno-sanitize=${OPENSCS_SANITIZE_EXCLUDE})
  endif()
  add_link_options(-fsanitize=${OPENSCS_SANITIZE})
endif()

# In a fuzzing build every library is instrumented for coverage, or libFuzzer
# would only see the fuzz target's own translation unit.
if(OPENSCS_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
