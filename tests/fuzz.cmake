# Fuzz harnesses as plain replay programs (fuzz/replay.c supplies main), test_fuzz_<target>:
# every harness runs its seed corpus (corpus/<target>/) and all of tests/regressions/ under
# whatever the build uses (ASan/UBSan via SALVAGE_SANITIZE; valgrind through
# tests/run_valgrind.py, which runs every test_* program; gcc or clang).
# fuzz_hostile_* replay the large pathological inputs (too big to commit).

set(SALVAGE_FUZZ_HARNESSES input tokenizer tree text stream json limits)
set(_fuzz_dir ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)

foreach(target ${SALVAGE_FUZZ_HARNESSES})
  add_executable(test_fuzz_${target} ${_fuzz_dir}/${target}.c ${_fuzz_dir}/harness.c
                 ${_fuzz_dir}/check.c
                 ${_fuzz_dir}/stage.c ${_fuzz_dir}/replay.c)
  target_include_directories(test_fuzz_${target}
    PRIVATE ${_fuzz_dir} ${CMAKE_CURRENT_SOURCE_DIR}/parser)
  target_compile_options(test_fuzz_${target} PRIVATE ${SALVAGE_WARNINGS})
  target_link_libraries(test_fuzz_${target} PRIVATE salvage_static)
  add_test(NAME fuzz_replay_${target}
           COMMAND test_fuzz_${target} ${CMAKE_CURRENT_SOURCE_DIR}/corpus/${target}
                   ${CMAKE_CURRENT_SOURCE_DIR}/tests/regressions)
  set_tests_properties(fuzz_replay_${target} PROPERTIES LABELS fuzz TIMEOUT 900)
endforeach()

# The full-size pathological inputs are written once into the build tree (tens of MB; never
# committed) and replayed by the harnesses whose stages they stress.
set(_fuzz_hostile_dir ${CMAKE_CURRENT_BINARY_DIR}/fuzz-hostile)
set(_fuzz_hostile_targets tree text tokenizer)
add_custom_command(OUTPUT ${_fuzz_hostile_dir}/stamp
  COMMAND ${Python3_EXECUTABLE} ${_fuzz_dir}/corpus.py hostile --out ${_fuzz_hostile_dir}
          --targets tree,text,tokenizer
  COMMAND ${CMAKE_COMMAND} -E touch ${_fuzz_hostile_dir}/stamp
  DEPENDS ${_fuzz_dir}/corpus.py
  COMMENT "Writing the large pathological fuzz inputs")
add_custom_target(fuzz_hostile_inputs ALL DEPENDS ${_fuzz_hostile_dir}/stamp)
foreach(target ${_fuzz_hostile_targets})
  add_test(NAME fuzz_hostile_${target}
           COMMAND test_fuzz_${target} ${_fuzz_hostile_dir}/${target})
  set_tests_properties(fuzz_hostile_${target} PROPERTIES LABELS "fuzz;hostile" TIMEOUT 900)
endforeach()
# No recursion whose depth the input controls: the deep inputs must also pass on a 256 KiB
# stack (building, walking, serialising and freeing a million nested elements).
foreach(target tree text)
  add_test(NAME fuzz_hostile_${target}_small_stack
           COMMAND sh -c "ulimit -s 256 && exec \"$1\" \"$2\"" sh
                   $<TARGET_FILE:test_fuzz_${target}> ${_fuzz_hostile_dir}/${target})
  set_tests_properties(fuzz_hostile_${target}_small_stack
                       PROPERTIES LABELS "fuzz;hostile" TIMEOUT 900)
endforeach()
