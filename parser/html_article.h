/*
 * html_article.h — the article model (blocks) of a parsed HTML tree.
 */
#ifndef SV_HTML_ARTICLE_H
#define SV_HTML_ARTICLE_H

#include "internal.h"

/* Appends the blocks of doc->root to doc->blocks. 0, or -1 on OOM. */
int sv_html_article_build(salvage_doc *doc);

#endif /* SV_HTML_ARTICLE_H */
