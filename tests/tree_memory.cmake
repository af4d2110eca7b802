# The tree's memory savings (shared one-character texts) keep the tree the same.
add_executable(test_tree_memory tests/unit/test_tree_memory.c)
target_compile_options(test_tree_memory PRIVATE ${SALVAGE_WARNINGS})
target_link_libraries(test_tree_memory PRIVATE salvage_static PkgConfig::CMOCKA)
add_test(NAME unit_tree_memory COMMAND test_tree_memory)
set_tests_properties(unit_tree_memory PROPERTIES LABELS unit)
