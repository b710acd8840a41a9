# Hardening for release-type builds, as distributions build daemons.
add_library(openscs_hardening INTERFACE)
target_compile_options(openscs_hardening INTERFACE
  -fstack-protector-strong -fPIE
  $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>)
# Test programs (OPENSCS_TEST_PROGRAM, see openscs_test) link without PIE:
# they never ship, and they start faster.
target_link_options(openscs_hardening INTERFACE
  $<IF:$<BOOL:$<TARGET_PROPERTY:OPENSCS_TEST_PROGRAM>>,-no-pie,-pie> -Wl,-z,relro,-z,now)
