# OPENSCS_SANITIZE: a comma-separated list passed to -fsanitize (address,undefined | thread).
set(OPENSCS_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")
if(OPENSCS_SANITIZE)
  add_compile_options(-fsanitize=${OPENSCS_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${OPENSCS_SANITIZE})
endif()

# In a fuzzing build every library is instrumented for coverage, or libFuzzer
# would only see the fuzz target's own translation unit.
if(OPENSCS_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
