# esim_warnings(target): our warning set, PRIVATE so consumers of the library
# never inherit -Werror.
function(esim_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wconversion -Wno-sign-conversion)
  if(ESIM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
