/*
 * placeholder/html_article.c — no blocks from HTML while parser/html_article.c is not part of
 * the tree. Built only when parser/html_article.c does not exist (see CMakeLists.txt).
 */
#include "html_article.h"

int sv_html_article_build(salvage_doc *doc)
{
    (void)doc;
    return 0;
}
