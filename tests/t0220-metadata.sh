#!/bin/sh
# A document's metadata from its sources, field by field, by precedence: the
# sidecar, then the file's own (a PDF's information dictionary, a web page's
# meta tags), then what its first lines say; and where each field came from,
# shown by --explain.
. "$(dirname "$0")/lib.sh"

test_expect_success 'index a PDF with a sidecar, a PDF without, a web page and a text' '
	mkdir d && cp "$TOP/tests/data/pdf/union.pdf" d/union.pdf &&
	cp "$TOP/tests/data/pdf/union.pdf" d/union2.pdf &&
	printf "title: The Union State, Revisited\nsource: Belarus Digest\n" >d/union2.pdf.meta &&
	cp "$TOP/tests/data/html/thinktank.html" d/ &&
	printf "Title: Notes on the Union State\nby Jane Smith\n13 May 2019\n\nThe Union State and oil.\n" >d/notes.txt &&
	printf "The Union State, a bare note written on 13 May 2019.\n" >d/bare.txt &&
	printf "title: A bare note\n" >d/bare.txt.meta &&
	"$BIN/rbindex" --quiet --db ix d
'
export RBSEARCH_DB="$TMP/ix"

# meta ID: the doc object and where its fields came from, of document ID.
meta () {
	"$BIN/rbsearch" --format json --explain -n 100 --per-doc 1 "Union State" |
		jq -c --arg id "$1" "select(.doc.id == \$id) | [.doc.title, .doc.authors, .doc.date, .doc.source, .explain_meta]"
}

test_expect_success 'a PDF: title, authors and date from its information dictionary' '
	test "$(meta union)" = "[\"The Union State Under Strain\",[\"Anna Petrovich\"],\"2014-05-13\",null,{\"title\":\"file\",\"authors\":\"file\",\"date\":\"file\"}]"
'

test_expect_success 'a sidecar wins field by field; the fields it leaves out come from the file' '
	test "$(meta union2)" = "[\"The Union State, Revisited\",[\"Anna Petrovich\"],\"2014-05-13\",\"Belarus Digest\",{\"title\":\"sidecar\",\"authors\":\"file\",\"date\":\"file\",\"source\":\"sidecar\"}]"
'

test_expect_success 'a web page: its meta tags are the file'"'"'s own' '
	meta thinktank >out &&
	jq -e ".[4].title == \"file\" and .[4].source == \"file\" and .[3] == \"CritCom\"" out >/dev/null
'

test_expect_success 'a text without a sidecar: what its first lines say' '
	test "$(meta notes)" = "[\"Notes on the Union State\",[\"Jane Smith\"],\"2019-05-13\",null,{\"title\":\"text\",\"authors\":\"text\",\"date\":\"text\"}]"
'

test_expect_success 'a sidecar says what is known: the text never fills its gaps' '
	test "$(meta bare)" = "[\"A bare note\",[],null,null,{\"title\":\"sidecar\"}]"
'

test_expect_success '--explain says where the metadata came from, in words' '
	"$BIN/rbsearch" --color=never --explain -n 1 "title:Revisited" >out &&
	grep -q "metadata: title, source from the sidecar; authors, date from the file" out
'

test_done
