# Differential test of the input stage's decoders against tests/encoding_ref.py, an
# independent reference written from the Encoding Standard: tests/decode_dump.c runs
# sv_decoder on batches of generated inputs and tests/encoding_diff.py compares the decoded
# text and the original offsets of the errors for every encoding.
add_executable(decode_dump tests/decode_dump.c)
target_include_directories(decode_dump PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/parser)
target_compile_options(decode_dump PRIVATE ${SALVAGE_WARNINGS})
target_link_libraries(decode_dump PRIVATE salvage_static)
add_test(NAME encoding_differential
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/encoding_diff.py
                 $<TARGET_FILE:decode_dump>)
# 77: the index data (tools/data/encoding-indexes.js) is missing.
set_tests_properties(encoding_differential PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77)
