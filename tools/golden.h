/*
 * golden.h — the golden-file suite: `salvage golden check DIR` and `salvage golden update DIR`.
 *
 * Every input under DIR (searched recursively, in byte order of the paths) is a case:
 *   NAME.txt   parsed as scraped text (--input=text)
 *   NAME.html  parsed as HTML (--input=html)
 * with default options otherwise. Its expected output lives beside it:
 *   NAME.expected.json  what `salvage --format=json` prints
 *   NAME.expected.txt   what `salvage --format=text` prints
 * (files ending in .expected.txt are expected output, never inputs).
 *
 * check   compares both outputs with the expected files, prints a unified diff for each one
 *         that differs (or says which is missing), then "golden: N passed, M failed". Exit
 *         status 0 when every case passed, 1 otherwise, 2 on a usage error, 3 when DIR or an
 *         input cannot be read.
 * update  writes the expected files of every case (printing which ones changed), then
 *         "golden: N cases, M updated". Exit status 0, 2 on a usage error, 3 when DIR or an
 *         input cannot be read or an expected file cannot be written. Review the changes
 *         (git diff) before committing them.
 * A DIR without any case is a failure for check (exit 1) and nothing to do for update.
 */
#ifndef SALVAGE_GOLDEN_H
#define SALVAGE_GOLDEN_H

/* argv[0] is "check" or "update", argv[1] the directory. Returns the exit status. */
int salvage_golden_main(int argc, char **argv);

#endif /* SALVAGE_GOLDEN_H */
