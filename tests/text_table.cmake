# Scraped-text tables printed twice without cell markers (flat rows and groups of short
# lines), their prose look-alikes, and linear work (test_text_table).
add_executable(test_text_table tests/unit/test_text_table.c)
target_include_directories(test_text_table PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/parser)
target_compile_options(test_text_table PRIVATE ${SALVAGE_WARNINGS})
target_link_libraries(test_text_table PRIVATE salvage_static PkgConfig::CMOCKA)
add_test(NAME unit_text_table COMMAND test_text_table)
