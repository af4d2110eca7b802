# The multi-byte decoders (parser/input_cjk.c) and "replacement", and the encoding choice
# between a <meta> and UTF-8 bytes (parser/doc.c).
add_executable(test_input_cjk tests/unit/test_input_cjk.c)
target_include_directories(test_input_cjk PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/parser)
target_compile_options(test_input_cjk PRIVATE ${SALVAGE_WARNINGS})
target_link_libraries(test_input_cjk PRIVATE salvage_static PkgConfig::CMOCKA)
add_test(NAME unit_input_cjk COMMAND test_input_cjk)
set_tests_properties(unit_input_cjk PROPERTIES LABELS unit)
