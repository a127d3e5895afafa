#!/bin/sh
# rbindex: files left out by --exclude and by .rbignore files, removed from
# the index once excluded, and globs recorded for later runs.
. "$(dirname "$0")/lib.sh"

# docs DB: the ids of the documents DB holds, on one line, sorted.
docs () {
	xapian-metadata list "$1" | sed -n "s/^doc://p" | sort | tr "\n" " " | sed "s/ $//"
}

# tree: files whose ids are their names, one word each.
tree () {
	mkdir -p t/drafts/old t/notes/drafts t/logs &&
	for f in keep.txt run.log drafts/d1.txt drafts/old/d2.txt notes/n1.txt \
		notes/drafts/d3.txt logs/l1.txt; do echo "word $f" >"t/$f"; done
}

test_expect_success '--exclude matches the base name, the path below PATH, a directory' '
	tree &&
	"$BIN/rbindex" --db ix1 --exclude "*.log" --exclude "notes/drafts" --exclude logs t 2>err &&
	test "$(docs ix1)" = "d1 d2 keep n1" &&
	grep -q "^rbindex: 1 file and 2 directories excluded (--exclude, .rbignore)$" err &&
	"$BIN/rbindex" --db ix2 --exclude "drafts/*" t 2>err &&
	test "$(docs ix2)" = "d3 keep l1 n1 run" &&
	"$BIN/rbindex" --db ix3 --exclude drafts t 2>err &&
	test "$(docs ix3)" = "keep l1 n1 run" &&
	grep -q "^rbindex: 2 directories excluded" err
'

test_expect_success 'the globs are recorded: a plain run applies them, --no-exclude forgets them' '
	test "$(xapian-metadata get ix1 excludes)" = "{\"patterns\":[\"*.log\",\"notes/drafts\",\"logs\"]}" &&
	echo "word" >t/new.log && echo "word" >t/new.txt &&
	"$BIN/rbindex" --db ix1 2>err &&
	test "$(docs ix1)" = "d1 d2 keep n1 new" &&
	grep -q "2 files and 2 directories excluded" err &&
	"$BIN/rbindex" --db ix1 --exclude "new.*" 2>err &&
	test "$(docs ix1)" = "d1 d2 keep n1" &&
	grep -q "1 removed" err &&
	"$BIN/rbindex" --rebuild --db ix1 2>err && test "$(docs ix1)" = "d1 d2 keep n1" &&
	"$BIN/rbindex" --db ix1 --no-exclude --exclude "d?.txt" 2>err &&
	test "$(xapian-metadata get ix1 excludes)" = "{\"patterns\":[\"d?.txt\"]}" &&
	test "$(docs ix1)" = "keep l1 n1 new new-2 run" &&
	"$BIN/rbindex" --db ix1 --no-exclude 2>err &&
	test "$(docs ix1)" = "d1 d2 d3 keep l1 n1 new new-2 run" &&
	! grep -q excluded err &&
	test -z "$(xapian-metadata get ix1 excludes)" &&
	test_must_fail_with 2 "$BIN/rbindex" --db ix1 --exclude "" 2>err &&
	grep -q "^rbindex: --exclude needs a pattern$" err
'

test_expect_success 'a file indexed before and excluded now leaves the index, its skip record too' '
	mkdir g && echo "word" >g/a.txt && echo "word" >g/b.txt && cp /bin/sh g/tool &&
	test_must_fail_with 1 "$BIN/rbindex" --db ixg g 2>err &&
	test "$(docs ixg)" = "a b" && test $(xapian-metadata list ixg | grep -c "^skip:") -eq 1 &&
	printf "b.txt\ntool\n" >g/.rbignore &&
	"$BIN/rbindex" --db ixg g 2>err &&
	test "$(docs ixg)" = "a" && grep -q "1 removed" err &&
	test $(xapian-metadata list ixg | grep -c "^skip:") -eq 0 &&
	"$BIN/rbindex" --db ixg --verbose g 2>err &&
	grep -q "^rbindex: excluded .*/g/b.txt. (.*/g/.rbignore:1: b.txt)$" err &&
	grep -q "^rbindex: excluded .*/g/tool. (.*/g/.rbignore:2: tool)$" err
'

test_expect_success '.rbignore: negation, anchoring, trailing slash, **, comments, escapes' '
	mkdir -p h/a/cache h/a/p h/b/deep/cache h/docs/x h/sub/docs/x h/notes/deep h/src/build &&
	for f in top.md a/top.md docs/x/x1.md sub/docs/x/x3.md a/cache/c1.txt b/deep/cache/c3.txt \
		cache notes/n1.txt notes/deep/n2.txt a/z.md a/p/z.md b/z.md other.log keep.log \
		"#hash.txt" "!bang.txt" src/build/b1.txt build; do echo "word" >"h/$f"; done &&
	cat >h/.rbignore <<-\EOF &&
	# a comment, then a blank line

	/top.md
	docs/x/*.md
	**/cache/
	notes/**
	a/**/z.md
	*.log
	!keep.log
	\#hash.txt
	\!bang.txt
	build/
	EOF
	"$BIN/rbindex" --db ixh h 2>err &&
	test "$(docs ixh)" = "build cache keep top x3 z" &&
	grep -q "^rbindex: 8 files and 4 directories excluded" err
'

test_expect_success 'a deeper .rbignore overrides, and nothing comes back from an excluded directory' '
	mkdir -p k/in/deeper k/out && for f in a.md in/b.md in/c.txt in/deeper/d.md out/e.md; do
		echo "word" >"k/$f"; done &&
	printf "*.md\nout/\n!out/e.md\n" >k/.rbignore &&
	printf "!*.md\n*.txt\n" >k/in/.rbignore && printf "d.md\n" >k/in/deeper/.rbignore &&
	"$BIN/rbindex" --db ixk k 2>err &&
	test "$(docs ixk)" = "b" &&
	grep -q "^rbindex: 3 files and 1 directory excluded" err
'

test_expect_success 'a .rbignore is never a document, even named as a PATH' '
	mkdir n && printf "# zanzibar\n" >n/.rbignore && echo "word" >n/a.txt &&
	"$BIN/rbindex" --db ixn n n/.rbignore 2>err &&
	test "$(docs ixn)" = "a" &&
	test_must_fail_with 1 "$BIN/rbsearch" --db ixn zanzibar
'

test_expect_success 'an unreadable .rbignore is reported, and its directory walked' '
	mkdir u && echo "word" >u/a.txt && mkdir u/.rbignore &&
	test_must_fail_with 1 "$BIN/rbindex" --db ixu u 2>err &&
	grep -q "^rbindex: skipping .*/u/.rbignore.: Is a directory$" err &&
	test "$(docs ixu)" = "a"
'

test_done
