# The noise stage: unit tests of parser/noise.c (each noise class, each false-alarm guard,
# the seed article and the readability pages of the shared corpus).
add_executable(test_noise tests/unit/test_noise.c)
target_include_directories(test_noise PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/parser)
target_compile_options(test_noise PRIVATE ${SALVAGE_WARNINGS})
target_compile_definitions(test_noise PRIVATE SALVAGE_SHARED_DIR="${SALVAGE_SHARED_DIR}")
target_link_libraries(test_noise PRIVATE salvage_static PkgConfig::CMOCKA)
add_test(NAME unit_noise COMMAND test_noise)
