# Readability pages written in the legacy East Asian encodings and declared in their <meta>:
# salvage must find the declared encoding and read the page as the reference decoder
# (tests/encoding_ref.py) does.
add_test(NAME encoding_pages
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/encoding_pages.py
                 $<TARGET_FILE:salvage> ${CMAKE_CURRENT_SOURCE_DIR}/tests/golden/readability)
set_tests_properties(encoding_pages PROPERTIES LABELS encoding TIMEOUT 300)
