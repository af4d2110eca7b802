# Foundation: the input stage, the API contract, the CLI.
foreach(t input api)
  add_executable(test_${t} ${CMAKE_CURRENT_SOURCE_DIR}/tests/unit/test_${t}.c)
  target_include_directories(test_${t} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/parser)
  target_compile_options(test_${t} PRIVATE ${SALVAGE_WARNINGS})
  target_compile_definitions(test_${t} PRIVATE
    SAMPLE_ARTICLE="${CMAKE_CURRENT_SOURCE_DIR}/corpus/sample/000_e274ecc84d0eab60.txt")
  target_link_libraries(test_${t} PRIVATE salvage_static PkgConfig::CMOCKA)
  add_test(NAME unit_${t} COMMAND test_${t})
  set_tests_properties(unit_${t} PROPERTIES LABELS unit)
endforeach()

if(SALVAGE_TOOLS)
  add_test(NAME cli COMMAND ${Python3_EXECUTABLE}
           ${CMAKE_CURRENT_SOURCE_DIR}/tests/cli_test.py $<TARGET_FILE:salvage>
           ${CMAKE_CURRENT_SOURCE_DIR}/corpus/sample/000_e274ecc84d0eab60.txt)
endif()
