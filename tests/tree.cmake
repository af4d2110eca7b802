# Tree construction: the html5lib-tests tree-construction runner, unit tests of the tree
# builder (including work counters on hostile input), and the readability corpus pages.
add_executable(tree_runner tests/tree_runner.c)
target_compile_options(tree_runner PRIVATE ${SALVAGE_WARNINGS})
target_link_libraries(tree_runner PRIVATE salvage_static)
add_test(NAME tree_construction
         COMMAND tree_runner ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/html5lib-tests/tree-construction
                 ${CMAKE_CURRENT_SOURCE_DIR}/tests/known-failures.txt)

add_executable(test_tree tests/unit/test_tree.c)
target_include_directories(test_tree PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/parser)
target_compile_options(test_tree PRIVATE ${SALVAGE_WARNINGS})
target_compile_definitions(test_tree PRIVATE
  SALVAGE_SHARED_DIR="${SALVAGE_SHARED_DIR}")
target_link_libraries(test_tree PRIVATE salvage_static PkgConfig::CMOCKA)
add_test(NAME unit_tree COMMAND test_tree)
set_tests_properties(unit_tree PROPERTIES LABELS unit)
