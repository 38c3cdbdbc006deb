# lib-batch.sh - `wowah report --batch` for the shell tests: request lines written from
# argument lists, and the framed answers split (docs/report.md, "--batch"). Source it
# after tests/lib.sh.

# batch_line ARGS...: one request line of ARGS, each word in double quotes (an ITEM of
# several words stays one), \ and " escaped.
batch_line() {
	local w line=
	for w in "$@"; do
		w=${w//\\/\\\\}
		line+="\"${w//\"/\\\"}\" "
	done
	printf '%s\n' "${line% }"
}

# batch_split FILE: the frames of a --batch answer into BATCH_LINE, BATCH_STATUS,
# BATCH_REQ and BATCH_BODY (arrays from 1, one entry a frame, the body byte for byte);
# BATCH_N frames. Fails on a header that is not one, or a body cut short.
batch_split() {
	local LC_ALL=C tag line status len req body k=0
	BATCH_LINE=() BATCH_STATUS=() BATCH_REQ=() BATCH_BODY=()
	while IFS=' ' read -r tag line status len req; do
		[ "$tag" = wowah-report ] && [[ $len =~ ^[0-9]+$ ]] ||
			fail "frame $((k + 1)) of $1: not a header: $tag $line $status $len $req"
		body=
		[ "$len" = 0 ] || IFS= read -r -N "$len" body || true
		[ "${#body}" = "$len" ] || fail "frame $((k + 1)) of $1: ${#body} bytes of $len"
		k=$((k + 1))
		BATCH_LINE[k]=$line BATCH_STATUS[k]=$status BATCH_REQ[k]=$req BATCH_BODY[k]=$body
	done <"$1"
	BATCH_N=$k
}

# batch_run FILE ARGS...: `wowah report --batch FILE ARGS...`, its output in $TMP/batch.out
# split (batch_split), its exit status in RC and its standard error in ERR.
batch_run() {
	local file=$1
	shift
	set +e
	"$WOWAH" report --batch "$file" "$@" >"$TMP/batch.out" 2>"$TMP/batch.err"
	RC=$?
	set -e
	ERR=$(cat "$TMP/batch.err")
	batch_split "$TMP/batch.out"
}
