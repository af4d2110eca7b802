# Scraped text: debris forms of the held-out corruption (invisible characters at a line's
# edges and inside tokens, spaced arrow tails, well-formed tags at a line's edges), each
# against the prose it must leave alone, and the structure they stand for.
add_executable(test_debris_forms tests/unit/test_debris_forms.c)
target_include_directories(test_debris_forms PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/parser)
target_compile_options(test_debris_forms PRIVATE ${SALVAGE_WARNINGS})
target_link_libraries(test_debris_forms PRIVATE salvage_static PkgConfig::CMOCKA)
add_test(NAME unit_debris_forms COMMAND test_debris_forms)
