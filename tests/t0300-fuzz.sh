#!/bin/sh
# libFuzzer: replay the inputs that once crashed the fuzzers, then fuzz the
# analyzer, the document readers, the query parser and the BibTeX parser for a bounded time each
# (FUZZ_SECONDS_CI, default 10 s), starting from the seeds alone: what a run
# adds to the corpus is kept in this script's temporary directory, so the
# time stays bounded however much longer runs grew build/fuzz/corpus-*.
# Needs clang and libFuzzer's runtime (Debian 12: clang libclang-rt-14-dev);
# tests/fuzz/run.sh says so when they are missing.
# A longer run: FUZZ_SECONDS=300 sh tests/fuzz/run.sh [analyzer|reader|query]
. "$(dirname "$0")/lib.sh"

test_expect_success 'clang builds the fuzzers (tests/fuzz/run.sh --build)' '
	sh "$TOP/tests/fuzz/run.sh" --build
'

for target in analyzer reader html pdf query bibtex; do
	test_expect_success "fuzz_$target: its regressions pass, and ${FUZZ_SECONDS_CI:-10} s of fuzzing finds nothing" "
		FUZZ_SECONDS=\${FUZZ_SECONDS_CI:-10} FUZZ_CORPUS=\"\$TMP\" \\
			sh \"\$TOP/tests/fuzz/run.sh\" $target
	"
done

test_done
