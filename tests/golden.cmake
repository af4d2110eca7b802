# The golden-file suite: every case under tests/golden/ (NAME.txt / NAME.html beside
# NAME.expected.json and NAME.expected.txt) through `salvage golden check`. After a reviewed
# change of behaviour, `salvage golden update tests/golden` rewrites the expected files.
#
# tests/golden-selftest/ checks the checker: one case whose expected files are stale and one
# without expected files must both fail, with a unified diff for the stale one.
if(TARGET salvage)
  add_test(NAME golden COMMAND salvage golden check ${CMAKE_CURRENT_SOURCE_DIR}/tests/golden)
  add_test(NAME golden_selftest
           COMMAND salvage golden check ${CMAKE_CURRENT_SOURCE_DIR}/tests/golden-selftest)
  set_tests_properties(golden_selftest PROPERTIES
    PASS_REGULAR_EXPRESSION
    "@@ -1,1 \\+1,1 @@\n-An older line of prose\\.\n\\+One line of prose.*missing\\.expected\\.json: missing.*golden: 0 passed, 2 failed")
endif()
