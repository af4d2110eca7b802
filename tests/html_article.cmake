# Article blocks from HTML: unit tests on small documents, and the readability pages (the
# words of readability's expected article must be found in the page's blocks).
add_executable(test_html_article tests/unit/test_html_article.c)
target_compile_options(test_html_article PRIVATE ${SALVAGE_WARNINGS})
target_link_libraries(test_html_article PRIVATE salvage_static PkgConfig::CMOCKA)
add_test(NAME unit_html_article COMMAND test_html_article)

add_executable(html_article_corpus tests/html_article_corpus.c)
target_compile_options(html_article_corpus PRIVATE ${SALVAGE_WARNINGS})
target_link_libraries(html_article_corpus PRIVATE salvage_static)
file(GLOB SALVAGE_READABILITY_PAGES LIST_DIRECTORIES true
     ${SALVAGE_SHARED_DIR}/corpus/readability/*)
set(SALVAGE_READABILITY_DIRS "")
foreach(page ${SALVAGE_READABILITY_PAGES})
  if(IS_DIRECTORY ${page} AND EXISTS ${page}/source.html AND EXISTS ${page}/expected.html)
    list(APPEND SALVAGE_READABILITY_DIRS ${page})
  endif()
endforeach()
list(SORT SALVAGE_READABILITY_DIRS)
set(SALVAGE_READABILITY_PAGES ${SALVAGE_READABILITY_DIRS})
if(SALVAGE_READABILITY_PAGES)
  add_test(NAME html_article_readability
           COMMAND html_article_corpus 0.90 ${SALVAGE_READABILITY_PAGES})
endif()
