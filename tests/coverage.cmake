# Coverage gaps closed: the public contract's less travelled paths (test_coverage_api), each
# limit of salvage_options at its edge and spec branches of the tree builder that the
# conformance data leave out (test_coverage_tree), allocation failure across richer
# documents and the streaming parser (test_coverage_oom).
foreach(t api tree oom)
  add_executable(test_coverage_${t} ${CMAKE_CURRENT_SOURCE_DIR}/tests/unit/test_coverage_${t}.c)
  target_include_directories(test_coverage_${t} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/parser)
  target_compile_options(test_coverage_${t} PRIVATE ${SALVAGE_WARNINGS})
  target_link_libraries(test_coverage_${t} PRIVATE salvage_static PkgConfig::CMOCKA)
  add_test(NAME unit_coverage_${t} COMMAND test_coverage_${t})
  set_tests_properties(unit_coverage_${t} PROPERTIES LABELS unit)
endforeach()
