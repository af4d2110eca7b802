# The golden-file suite: every case under tests/golden/ (NAME.txt / NAME.html beside
# NAME.expected.json and NAME.expected.txt) through `salvage golden check`. After a reviewed
# change of behaviour, `salvage golden update tests/golden` rewrites the expected files.
if(TARGET salvage)
  add_test(NAME golden COMMAND salvage golden check ${CMAKE_CURRENT_SOURCE_DIR}/tests/golden)
endif()
