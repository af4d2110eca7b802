# Tokenizer: the html5lib-tests tokenizer suite (every test, every initial state, errors with
# positions, every input also fed in chunks split at every position).
add_executable(tokenizer_dump tests/tokenizer_dump.c)
target_include_directories(tokenizer_dump PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/parser)
target_compile_options(tokenizer_dump PRIVATE ${SALVAGE_WARNINGS})
target_link_libraries(tokenizer_dump PRIVATE salvage_static)
add_test(NAME tokenizer
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/tokenizer_runner.py
                 $<TARGET_FILE:tokenizer_dump>)
set_tests_properties(tokenizer PROPERTIES TIMEOUT 1800)

add_executable(test_tokenizer tests/unit/test_tokenizer.c)
target_include_directories(test_tokenizer PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/parser)
target_compile_options(test_tokenizer PRIVATE ${SALVAGE_WARNINGS})
target_link_libraries(test_tokenizer PRIVATE salvage_static PkgConfig::CMOCKA)
add_test(NAME unit_tokenizer COMMAND test_tokenizer)
