# Install rules: `cmake --install BUILD --prefix PREFIX` puts
#   include/esim/*.hpp, esim.h           the public API
#   lib/libesim.so.0 (+ links), libesim.a the library, shared and static
#   lib/cmake/esim/                       find_package(esim): esim::esim, esim::esim_static
#   lib/pkgconfig/esim.pc                 pkg-config esim [--static]
#   bin/esimctl, euicc-emu, smdpp-emu     the programs (linked statically with our code)
#   share/esim/make-test-pki.sh           what `euicc-emu --init` runs to make its PKI
#   share/man/man1/esimctl.1, share/bash-completion/completions/esimctl
include(CMakePackageConfigHelpers)

set(ESIM_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/esim)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/esim
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")

install(TARGETS esim_shared esim_static EXPORT esimTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT esimTargets NAMESPACE esim:: DESTINATION ${ESIM_INSTALL_CMAKEDIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/esimConfig.cmake.in
  ${PROJECT_BINARY_DIR}/esimConfig.cmake INSTALL_DESTINATION ${ESIM_INSTALL_CMAKEDIR})
# 0.x: a minor version may break the API, so only the same minor is compatible
# until 1.0 (then SameMajorVersion, with the SONAME's major).
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(esim_compatibility SameMinorVersion)
else()
  set(esim_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(${PROJECT_BINARY_DIR}/esimConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY ${esim_compatibility})
install(FILES ${PROJECT_BINARY_DIR}/esimConfig.cmake ${PROJECT_BINARY_DIR}/esimConfigVersion.cmake
        DESTINATION ${ESIM_INSTALL_CMAKEDIR})

# pkg-config: the prefix is found from the .pc file's own place (${pcfiledir}),
# because `cmake --install --prefix` chooses it after configure; the static
# link line needs -lpcsclite (Requires.private) and these (Libs.private).
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  message(FATAL_ERROR "esim.pc needs a relative CMAKE_INSTALL_LIBDIR (got ${CMAKE_INSTALL_LIBDIR})")
endif()
file(RELATIVE_PATH ESIM_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" ESIM_PC_TO_PREFIX "${ESIM_PC_TO_PREFIX}")
# -lstdc++: a C program (the C API) linking libesim.a needs the C++ run time;
# the C++ compiler driver adds it anyway.
set(ESIM_PC_LIBS_PRIVATE "-lstdc++ -pthread")
foreach(lib IN LISTS CMAKE_DL_LIBS)
  string(APPEND ESIM_PC_LIBS_PRIVATE " -l${lib}")
endforeach()
configure_file(${CMAKE_CURRENT_LIST_DIR}/esim.pc.in ${PROJECT_BINARY_DIR}/esim.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/esim.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(TARGETS esimctl euicc-emu smdpp-emu RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(PROGRAMS ${PROJECT_SOURCE_DIR}/tools/pki/make-test-pki.sh
        DESTINATION ${CMAKE_INSTALL_DATADIR}/esim)

# The man page (docs/man/esimctl.1, the CLI reference as man(7)) and the bash
# completion, where man and bash-completion look for them.
install(FILES ${PROJECT_SOURCE_DIR}/docs/man/esimctl.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/tools/completion/esimctl
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

# The guides and the example programs, for readers of an installed copy: the
# emulator's and esimctl's messages point at docs/*.md by name. Every page of
# docs/ goes, so a new one needs no line here.
file(GLOB esim_doc_pages CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${esim_doc_pages} DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/examples DESTINATION ${CMAKE_INSTALL_DOCDIR})
