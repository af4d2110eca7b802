/*
 * test_tree.c — unit tests of the tree builder: tag table, public node API, walker,
 * serialisers, limits, and work counters on hostile input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salvage.h"
#include "tags.h"

static void tags_sorted(void **state)
{
    (void)state;
    for (int t = 2; t < SV_TAG_COUNT; t++)
        assert_true(strcmp(sv_tag_name((sv_tag)(t - 1)), sv_tag_name((sv_tag)t)) < 0);
    for (int t = 1; t < SV_TAG_COUNT; t++) {
        const char *n = sv_tag_name((sv_tag)t);
        assert_int_equal(sv_tag_lookup(n, strlen(n)), t);
    }
    assert_int_equal(sv_tag_lookup("DiV", 3), SV_TAG_DIV);
    assert_int_equal(sv_tag_lookup("divx", 4), SV_TAG_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tags_sorted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
