# Encoding sniffing: the html5lib-tests encoding cases and the unit tests of parser/encoding.c.
file(GLOB SALVAGE_ENCODING_DAT CONFIGURE_DEPENDS
     ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/html5lib-tests/encoding/*.dat)
file(GLOB SALVAGE_ENCODING_SCRIPTED_DAT CONFIGURE_DEPENDS
     ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/html5lib-tests/encoding/scripted/*.dat)
list(SORT SALVAGE_ENCODING_DAT)

add_executable(encoding_runner tests/encoding_runner.c)
target_include_directories(encoding_runner PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/parser)
target_compile_options(encoding_runner PRIVATE ${SALVAGE_WARNINGS})
target_link_libraries(encoding_runner PRIVATE salvage_static)
add_test(NAME encoding
         COMMAND encoding_runner ${SALVAGE_ENCODING_DAT} --scripted ${SALVAGE_ENCODING_SCRIPTED_DAT})

add_executable(test_encoding tests/unit/test_encoding.c)
target_include_directories(test_encoding PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/parser)
target_compile_options(test_encoding PRIVATE ${SALVAGE_WARNINGS})
target_link_libraries(test_encoding PRIVATE salvage_static PkgConfig::CMOCKA)
add_test(NAME unit_encoding COMMAND test_encoding)
