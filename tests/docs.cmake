# The documents' claims: statements of README.md, SECURITY.md and salvage.h's comments that
# no other test pins down, checked through the public API as written.
add_executable(test_doc_claims ${CMAKE_CURRENT_SOURCE_DIR}/tests/unit/test_doc_claims.c)
target_compile_options(test_doc_claims PRIVATE ${SALVAGE_WARNINGS})
target_link_libraries(test_doc_claims PRIVATE salvage_static PkgConfig::CMOCKA)
add_test(NAME unit_doc_claims COMMAND test_doc_claims)
set_tests_properties(unit_doc_claims PROPERTIES LABELS unit)
