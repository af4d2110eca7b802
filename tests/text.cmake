# Scraped text: the debris recogniser and input-kind decision (test_debris), and the facts of
# the sample article checked one by one (test_sample).
add_executable(test_debris tests/unit/test_debris.c)
target_include_directories(test_debris PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/parser)
target_compile_options(test_debris PRIVATE ${SALVAGE_WARNINGS})
target_link_libraries(test_debris PRIVATE salvage_static PkgConfig::CMOCKA)
add_test(NAME unit_debris COMMAND test_debris)

add_executable(test_sample tests/unit/test_sample.c)
target_include_directories(test_sample PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/parser)
target_compile_options(test_sample PRIVATE ${SALVAGE_WARNINGS})
target_compile_definitions(test_sample PRIVATE SALVAGE_SHARED_DIR="${SALVAGE_SHARED_DIR}")
target_link_libraries(test_sample PRIVATE salvage_static PkgConfig::CMOCKA)
add_test(NAME unit_sample COMMAND test_sample)
