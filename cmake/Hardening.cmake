# Hardening for release-type builds, as distributions build daemons.
add_library(openscs_hardening INTERFACE)
target_compile_options(openscs_hardening INTERFACE
  -fstack-protector-strong -fPIE
  $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>)
target_link_options(openscs_hardening INTERFACE -pie -Wl,-z,relro,-z,now)
